import { passwordWeakness } from './password-strength';

describe('password strength', () => {
  const person = { email: 'karin.berg@example.se', name: 'Karin Berg' };

  it.each([
    ['aaaaaaaaaa', /upprepade tecken/],
    ['1234567890', /vanligt lösenord|teckenföljder/],
    ['          ', /mellanslag/],
    ['karin.berg@example.se', /namn eller e-postadress/],
    ['KarinBerg2024', /för lätt att gissa/],
    ['lösenord123', /för lätt att gissa/],
    ['kort', /minst 10 tecken/],
  ])('refuses %j and says why in Swedish', (password, reason) => {
    const weakness = passwordWeakness(password, person);
    expect(weakness).toMatch(reason);
    expect(weakness).toMatch(/^Lösenordet /);
  });

  it('accepts a phrase of uncommon words', () => {
    expect(passwordWeakness('korrekt-häst-batteri-häftklammer', person)).toBeNull();
    expect(passwordWeakness('langt-losenord-1', person)).toBeNull();
  });
});
