import { isUsableContactCursor } from './contact-cursor';

const cursor = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const ID = '0b8f7c52-9a4e-4c8e-8d3f-2f1e6b7a9c01';

describe('contact cursor check', () => {
  it('accepts the cursors the list service makes', () => {
    expect(isUsableContactCursor(cursor({ s: 'name', o: 'asc', k: ['Öberg', 'Åsa', ID] }))).toBe(true);
    expect(isUsableContactCursor(cursor({ s: 'email', o: 'desc', k: [null, ID] }))).toBe(true);
    expect(
      isUsableContactCursor(cursor({ s: 'createdAt', o: 'asc', k: ['2026-03-01 09:15:00.123456+00', ID] })),
    ).toBe(true);
    expect(
      isUsableContactCursor(cursor({ s: 'updatedAt', o: 'asc', k: ['2026-03-01 09:15:00+05:30', ID] })),
    ).toBe(true);
  });

  it.each([
    ['not base64url', '%%%'],
    ['not JSON', Buffer.from('{"s":').toString('base64url')],
    ['a bad timestamp', cursor({ s: 'createdAt', o: 'asc', k: ['garbage', ID] })],
    ['an impossible date', cursor({ s: 'createdAt', o: 'asc', k: ['2026-02-31 10:00:00+00', ID] })],
    ['a uuid of dashes', cursor({ s: 'name', o: 'asc', k: ['a', 'b', '-'.repeat(36)] })],
    ['a NUL in a key', cursor({ s: 'name', o: 'asc', k: ['a\u0000', 'b', ID] })],
    ['keys that are not text', cursor({ s: 'name', o: 'asc', k: [1, 2, ID] })],
    ['no keys', cursor({ s: 'name', o: 'asc' })],
  ])('refuses %s', (_label, text) => {
    expect(isUsableContactCursor(text)).toBe(false);
  });
});
