import { StartupError } from '@app/common';
import { describeError, startFailure } from './process-lifecycle';

describe('what a failed start prints', () => {
  it('never prints "undefined": an error without a message says what it is and where it was thrown', () => {
    expect(startFailure(undefined)).toBe('Kunde inte starta: ett fel utan beskrivning kastades (undefined)');
    const bare = new Error();
    expect(describeError(bare)).toMatch(/^Error utan felmeddelande, kastat i .*process-lifecycle\.spec\.ts/);
    expect(describeError('')).toBe('ett tomt felmeddelande kastades');
  });

  it('spells out an AggregateError (connection refused on ::1 and 127.0.0.1 has an empty message)', () => {
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}:5432`), { code: 'ECONNREFUSED' });
    const err = new AggregateError([refused('::1'), refused('127.0.0.1')], '');
    expect(describeError(err)).toBe('connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('adds the code when the message lacks it, and keeps to one line', () => {
    const err = Object.assign(new Error('permission denied\nmore detail'), { code: 'EACCES' });
    expect(describeError(err)).toBe('permission denied (EACCES)');
  });

  it('prints a start-up problem as its own Swedish line, without a stack trace', () => {
    const err = new StartupError('Port 54329 på 127.0.0.1 är redan upptagen av en annan process');
    expect(startFailure(err)).toBe('Port 54329 på 127.0.0.1 är redan upptagen av en annan process');
    expect(startFailure(new Error('boom'))).toBe('Kunde inte starta: boom');
    expect(startFailure(new Error('boom'), 'debug')).toMatch(/^Kunde inte starta: boom\nError: boom\n\s+at /);
  });

  it('names the busy HTTP port', () => {
    const err = Object.assign(new Error('listen EADDRINUSE: address already in use :::3000'), {
      code: 'EADDRINUSE',
      syscall: 'listen',
      port: 3000,
    });
    expect(startFailure(err)).toBe(
      'Kunde inte starta: port 3000 är redan upptagen av en annan process; välj en annan med PORT',
    );
  });
});
