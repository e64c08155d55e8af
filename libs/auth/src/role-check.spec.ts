import { roleAllows } from './role-check';

describe('roleAllows', () => {
  it('lets any role through when no roles are required', () => {
    expect(roleAllows(undefined, 'viewer')).toBe(true);
    expect(roleAllows([], 'editor')).toBe(true);
  });

  it('requires a listed role', () => {
    expect(roleAllows(['admin', 'editor'], 'editor')).toBe(true);
    expect(roleAllows(['admin', 'editor'], 'viewer')).toBe(false);
    expect(roleAllows(['editor'], 'viewer')).toBe(false);
  });

  it('always lets admin through', () => {
    expect(roleAllows(['editor'], 'admin')).toBe(true);
    expect(roleAllows(['viewer'], 'admin')).toBe(true);
  });
});
