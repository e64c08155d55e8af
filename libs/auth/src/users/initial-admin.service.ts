import { normaliseEmail } from '@app/common';
import { AppConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { PasswordHasher } from '../passwords/password-hasher';
import { passwordWeakness } from '../passwords/password-strength';

export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/** ADMIN_PASSWORD would make a guessable first administrator: the start stops and says why. */
export class WeakAdminPasswordError extends Error {
  constructor(readonly reason: string) {
    super(
      `ADMIN_PASSWORD duger inte: ${reason} Välj ett starkare lösenord eller utelämna ADMIN_PASSWORD, så skapas ett.`,
    );
    this.name = 'WeakAdminPasswordError';
  }
}

export type InitialAdminResult =
  { created: false } | { created: true; email: string; generatedPassword: string | null };

/**
 * Creates the first administrator when the users table is empty. The check and insert run under a
 * transaction-scoped advisory lock, so several API processes starting at once create exactly one.
 */
@Injectable()
export class InitialAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  async ensure(): Promise<InitialAdminResult> {
    // Cheap check first so ordinary starts do not hash anything.
    if (await this.hasUsers(this.dataSource)) return { created: false };

    const email = normaliseEmail(this.config.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL);
    const given = this.config.ADMIN_PASSWORD;
    const weakness = given === undefined ? null : passwordWeakness(given, { email, name: 'Administratör' });
    if (weakness) throw new WeakAdminPasswordError(weakness);
    // 18 random bytes: 144 bits in 24 URL-safe characters, easy to copy from a terminal.
    const generatedPassword = given ? null : randomBytes(18).toString('base64url');
    const passwordHash = await this.hasher.hash(given ?? (generatedPassword as string));

    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('crm:initial-admin'))`);
      if (await this.hasUsers(m)) return { created: false };
      const rows: { id: string }[] = await m.query(
        `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'admin', $3) RETURNING id`,
        [email, 'Administratör', passwordHash],
      );
      await this.audit.record(
        {
          action: 'user.created',
          targetType: 'user',
          targetId: rows[0].id,
          details: {
            email,
            role: 'admin',
            initialAdmin: true,
            passwordGenerated: generatedPassword !== null,
          },
        },
        m,
      );
      return { created: true, email, generatedPassword };
    });
  }

  private async hasUsers(q: Pick<DataSource, 'query'>): Promise<boolean> {
    const rows: unknown[] = await q.query(`SELECT 1 FROM users LIMIT 1`);
    return rows.length > 0;
  }
}
