import { AppConfig } from '@app/config';
import { Provider } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export const TOKEN_SECRET = Symbol('TOKEN_SECRET');

/**
 * TOKEN_SECRET if configured; otherwise the installation's generated key from app_secrets. The insert cannot
 * race: the first process to start wins and every other process reads the same value.
 */
export const tokenSecretProvider: Provider = {
  provide: TOKEN_SECRET,
  inject: [AppConfig, DataSource],
  useFactory: async (config: AppConfig, dataSource: DataSource): Promise<Buffer> => {
    if (config.TOKEN_SECRET) return Buffer.from(config.TOKEN_SECRET, 'utf8');
    await dataSource.query(
      `INSERT INTO app_secrets (name, value) VALUES ('public_link_hmac', $1) ON CONFLICT (name) DO NOTHING`,
      [randomBytes(32).toString('base64')],
    );
    const rows: { value: string }[] = await dataSource.query(
      `SELECT value FROM app_secrets WHERE name = 'public_link_hmac'`,
    );
    return Buffer.from(rows[0].value, 'base64');
  },
};
