import { AppConfig } from '@app/config';
import { PasswordHasher } from './password-hasher';

function hasherFor(env: AppConfig['NODE_ENV']): PasswordHasher {
  const config = new AppConfig();
  config.NODE_ENV = env;
  return new PasswordHasher(config);
}

describe('PasswordHasher', () => {
  const hasher = hasherFor('test');

  it('produces Argon2id PHC strings with a fresh salt each time', async () => {
    const a = await hasher.hash('korrekt-häst-batteri');
    const b = await hasher.hash('korrekt-häst-batteri');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('korrekt');
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const h = await hasher.hash('rätt-lösenord-1');
    await expect(hasher.verify(h, 'rätt-lösenord-1')).resolves.toBe(true);
    await expect(hasher.verify(h, 'Rätt-lösenord-1')).resolves.toBe(false);
    await expect(hasher.verify(h, '')).resolves.toBe(false);
  });

  it('returns false rather than throwing for a malformed hash', async () => {
    await expect(hasher.verify('inte-en-hash', 'x')).resolves.toBe(false);
  });

  it('always fails the dummy verification used for unknown users', async () => {
    await expect(hasher.verifyDummy('vad-som-helst')).resolves.toBe(false);
  });

  it('uses the OWASP baseline cost outside tests', async () => {
    const h = await hasherFor('production').hash('produktion-1');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('spends about as long on an unknown user (dummy) as on a real wrong password', async () => {
    const prod = hasherFor('production');
    await prod.onModuleInit();
    const real = await prod.hash('riktigt-losenord-1');
    const median = async (fn: () => Promise<unknown>): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const start = process.hrtime.bigint();
        await fn();
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      return times.sort((a, b) => a - b)[3];
    };
    const wrong = await median(() => prod.verify(real, 'fel-losenord-1'));
    const unknown = await median(() => prod.verifyDummy('fel-losenord-1'));
    // Generous bounds: the point is "one Argon2id verification either way", not a benchmark.
    expect(unknown / wrong).toBeGreaterThan(0.5);
    expect(unknown / wrong).toBeLessThan(2);
  });
});
