import { AppConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** How many failures from one IP (over all emails) are allowed, relative to the per-email limit. */
export const IP_LIMIT_FACTOR = 4;

export type ThrottleDecision =
  { allowed: true; attemptId: string } | { allowed: false; retryAfterSeconds: number; scope: 'email' | 'ip' };

/**
 * Login throttling in PostgreSQL so it holds across API processes. An attempt is first recorded as a failure
 * (under a per-email advisory lock) and only turned into a success once the password checks out; so two
 * concurrent guesses cannot both slip under the limit.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly config: AppConfig) {}

  get maxFailures(): number {
    return this.config.LOGIN_MAX_FAILURES;
  }

  get maxFailuresPerIp(): number {
    return this.config.LOGIN_MAX_FAILURES * IP_LIMIT_FACTOR;
  }

  /** Call inside a transaction. Refused attempts are not recorded, so a lockout ends one window after the attack. */
  async reserve(manager: EntityManager, email: string, ip: string | null): Promise<ThrottleDecision> {
    const window = this.config.LOGIN_WINDOW_SECONDS;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('crm:login:' || $1))`, [email]);

    // Failures since the last success of this email within the window: a correct login resets the count.
    const byEmail = await this.retryAfter(
      manager,
      `email = $1 AND NOT succeeded AND at > now() - make_interval(secs => $2)
         AND at > coalesce((SELECT max(at) FROM login_attempts WHERE email = $1 AND succeeded), '-infinity')`,
      [email, window],
      this.maxFailures,
    );
    if (byEmail !== null) return { allowed: false, retryAfterSeconds: byEmail, scope: 'email' };

    if (ip) {
      const byIp = await this.retryAfter(
        manager,
        `ip = $1 AND NOT succeeded AND at > now() - make_interval(secs => $2)`,
        [ip, window],
        this.maxFailuresPerIp,
      );
      if (byIp !== null) return { allowed: false, retryAfterSeconds: byIp, scope: 'ip' };
    }

    const rows: { id: string }[] = await manager.query(
      `INSERT INTO login_attempts (email, ip, succeeded) VALUES ($1, $2, false) RETURNING id`,
      [email, ip],
    );
    return { allowed: true, attemptId: String(rows[0].id) };
  }

  async markSucceeded(manager: EntityManager, attemptId: string): Promise<void> {
    await manager.query(`UPDATE login_attempts SET succeeded = true WHERE id = $1`, [attemptId]);
    // Successful logins are rare, so this is a cheap moment to keep the table from growing forever.
    await manager.query(
      `DELETE FROM login_attempts WHERE at < now() - make_interval(secs => $1) - interval '30 days'`,
      [this.config.LOGIN_WINDOW_SECONDS],
    );
  }

  /**
   * Null if fewer than `limit` failures match; otherwise the seconds until the oldest of the newest `limit`
   * failures leaves the window, which is when the count drops under the limit again.
   */
  private async retryAfter(
    manager: EntityManager,
    where: string,
    params: unknown[],
    limit: number,
  ): Promise<number | null> {
    const rows: { wait: number }[] = await manager.query(
      `SELECT ceil(extract(epoch FROM (min(at) + make_interval(secs => $2)) - now()))::int AS wait
         FROM (SELECT at FROM login_attempts WHERE ${where} ORDER BY at DESC LIMIT ${limit}) newest
       HAVING count(*) >= ${limit}`,
      params,
    );
    return rows.length > 0 ? Math.max(1, rows[0].wait) : null;
  }
}
