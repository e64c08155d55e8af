import { loadConfig } from '@app/config';
import type { AuditService } from '@app/audit';
import type { DataSource } from 'typeorm';
import type { PasswordHasher } from '../passwords/password-hasher';
import { InitialAdminService, WeakAdminPasswordError } from './initial-admin.service';

describe('InitialAdminService and ADMIN_PASSWORD', () => {
  const emptyDatabase = { query: async () => [] } as unknown as DataSource;
  const hasher = { hash: jest.fn(async () => 'hash') } as unknown as PasswordHasher;
  const audit = {} as AuditService;

  it.each(['1234567890', 'aaaaaaaaaa', 'admin@example.se'])(
    'refuses to create the first admin with the weak ADMIN_PASSWORD %j, saying why',
    async (password) => {
      const config = loadConfig({ ADMIN_EMAIL: 'admin@example.se', ADMIN_PASSWORD: password });
      const service = new InitialAdminService(emptyDatabase, config, hasher, audit);
      await expect(service.ensure()).rejects.toThrow(WeakAdminPasswordError);
      await expect(service.ensure()).rejects.toThrow(/^ADMIN_PASSWORD duger inte: Lösenordet /);
      expect(hasher.hash).not.toHaveBeenCalled();
    },
  );
});
