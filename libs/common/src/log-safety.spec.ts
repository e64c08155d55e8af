import { errorForLog, redactUrlForLog, requestForLog } from './log-safety';

describe('what may be logged', () => {
  it('drops query strings and redacts public-link tokens from paths', () => {
    expect(redactUrlForLog('/u/AbC-123_xyz')).toBe('/u/[dolt]');
    expect(redactUrlForLog('/V/AbC?x=1')).toBe('/V/[dolt]');
    expect(redactUrlForLog('/r/tok/extra#frag')).toBe('/r/[dolt]/extra');
    expect(redactUrlForLog('/s/tok')).toBe('/s/[dolt]');
    expect(redactUrlForLog('/api/contacts?q=anna.berg%40example.se')).toBe('/api/contacts');
    expect(redactUrlForLog('/users/u/abc')).toBe('/users/u/abc');
    expect(redactUrlForLog('https://crm.example.se/u/tok?a=b')).toBe('https://crm.example.se/u/[dolt]');
  });

  it('logs a request without its query, parameters or a token in the Referer', () => {
    const logged = requestForLog({
      id: 'r1',
      method: 'POST',
      url: '/u/secret-token?List-Unsubscribe=One-Click',
      headers: { referer: 'https://crm.example.se/u/secret-token', 'user-agent': 'test' },
      remoteAddress: '127.0.0.1',
    });
    expect(JSON.stringify(logged)).not.toContain('secret-token');
    expect(logged).toMatchObject({ url: '/u/[dolt]', headers: { 'user-agent': 'test' } });
    expect(logged).not.toHaveProperty('query');
  });

  it("never logs a driver error's parameters, query or detail", () => {
    const driverError = Object.assign(new Error('new row violates check constraint "users_name_check"'), {
      code: '23514',
      detail: 'Failing row contains (anna@example.se, $argon2id$v=19$m=19456…)',
      constraint: 'users_name_check',
      table: 'users',
    });
    const err = Object.assign(new Error(driverError.message), {
      name: 'QueryFailedError',
      query: 'INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)',
      parameters: ['anna@example.se', 'x', 'admin', '$argon2id$v=19$m=19456,t=2,p=1$abc'],
      driverError,
    });
    const logged = errorForLog(err);
    const text = JSON.stringify(logged);
    expect(text).not.toContain('argon2');
    expect(text).not.toContain('anna@example.se');
    expect(text).not.toContain('INSERT');
    expect(logged).toMatchObject({ type: 'QueryFailedError', code: '23514', constraint: 'users_name_check' });
  });

  it('hides the quoted value in a data exception message', () => {
    const err = Object.assign(new Error('invalid input syntax for type uuid: "anna@example.se"'), {
      code: '22P02',
    });
    expect(errorForLog(err).message).toBe('invalid input syntax for type uuid: "[dolt]"');
    expect(errorForLog('x')).toEqual({ type: 'string', message: 'x' });
  });
});
