import { describe, expect, it } from 'vitest';
import { roleAtLeast } from './session';

describe('roleAtLeast', () => {
  it('orders viewer < editor < admin', () => {
    expect(roleAtLeast('viewer', 'editor')).toBe(false);
    expect(roleAtLeast('editor', 'editor')).toBe(true);
    expect(roleAtLeast('admin', 'editor')).toBe(true);
    expect(roleAtLeast('editor', 'admin')).toBe(false);
    expect(roleAtLeast('viewer', 'viewer')).toBe(true);
  });
  it('lets nobody through without a session', () => {
    expect(roleAtLeast(undefined, 'viewer')).toBe(false);
  });
});
