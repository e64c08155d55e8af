import { smtpServerOf } from './system-status.service';

describe('smtpServerOf', () => {
  it('keeps host and port and drops the credentials', () => {
    const server = smtpServerOf('smtp://user:p%40ss@mail.example.se:2525');
    expect(server).toEqual({ host: 'mail.example.se', port: 2525, secure: false });
    expect(JSON.stringify(server)).not.toMatch(/user|p%40ss|p@ss/);
  });

  it("uses nodemailer's default ports when none is given", () => {
    expect(smtpServerOf('smtp://mail.example.se')).toEqual({
      host: 'mail.example.se',
      port: 587,
      secure: false,
    });
    expect(smtpServerOf('smtps://u:p@mail.example.se')).toEqual({
      host: 'mail.example.se',
      port: 465,
      secure: true,
    });
  });

  it('answers null for something that is not a URL', () => {
    expect(smtpServerOf('inte en adress')).toBeNull();
  });
});
