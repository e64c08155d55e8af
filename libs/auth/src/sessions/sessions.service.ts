import { AppConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { StaffUser } from '../staff-user';
import type { UserRole } from '../users/user.entity';
import { hashSessionToken, looksLikeSessionToken, newSessionToken } from './session-token';

export interface NewSession {
  /** The cookie value. Never stored, never logged. */
  token: string;
  sessionId: string;
  expiresAt: Date;
}

interface SessionRow {
  session_id: string;
  user_id: string;
  email: string;
  name: string;
  role: UserRole;
}

/**
 * Server-side sessions in PostgreSQL, so any API process can check any session and logout is immediate.
 * Every lookup re-reads the user: a deactivated user is locked out at once and a role change applies
 * on the next request.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.SESSION_TTL_HOURS * 3600;
  }

  async create(
    userId: string,
    meta: { ip?: string | null; userAgent?: string | null } = {},
    manager?: EntityManager,
  ): Promise<NewSession> {
    // Drop this user's long-dead sessions (kept 30 days after expiry or logout for the record).
    await (manager ?? this.dataSource).query(
      `DELETE FROM sessions WHERE user_id = $1
         AND (expires_at < now() - interval '30 days' OR revoked_at < now() - interval '30 days')`,
      [userId],
    );
    const token = newSessionToken();
    const sessionId = hashSessionToken(token);
    const rows: { expires_at: Date }[] = await (manager ?? this.dataSource).query(
      `INSERT INTO sessions (id, user_id, expires_at, ip, user_agent)
       VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5)
       RETURNING expires_at`,
      [sessionId, userId, this.ttlSeconds, meta.ip ?? null, (meta.userAgent ?? '').slice(0, 512) || null],
    );
    return { token, sessionId, expiresAt: rows[0].expires_at };
  }

  /** The staff member behind a cookie token, or null if the session is unknown, expired, revoked or the user inactive. */
  async resolve(token: unknown): Promise<StaffUser | null> {
    if (!looksLikeSessionToken(token)) return null;
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT s.id AS session_id, u.id AS user_id, u.email, u.name, u.role
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
      [hashSessionToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    // At most one write per session per minute, not one per request.
    await this.dataSource.query(
      `UPDATE sessions SET last_seen_at = now() WHERE id = $1 AND last_seen_at < now() - interval '1 minute'`,
      [row.session_id],
    );
    return { id: row.user_id, email: row.email, name: row.name, role: row.role, sessionId: row.session_id };
  }

  // UPDATE … RETURNING is wrapped in a CTE so TypeORM's query() returns plain rows (for a bare UPDATE it
  // returns [rows, count]).

  /** The user of the session if it was live and is now revoked; null if there was nothing to revoke. */
  async revokeByToken(token: unknown): Promise<{ userId: string; email: string } | null> {
    if (!looksLikeSessionToken(token)) return null;
    const rows: { user_id: string; email: string }[] = await this.dataSource.query(
      `WITH r AS (UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING user_id)
       SELECT r.user_id, u.email FROM r JOIN users u ON u.id = r.user_id`,
      [hashSessionToken(token)],
    );
    return rows[0] ? { userId: rows[0].user_id, email: rows[0].email } : null;
  }

  /** Revokes every live session of a user (deactivation, password change). Returns how many. */
  async revokeAllForUser(userId: string, manager?: EntityManager): Promise<number> {
    const rows: unknown[] = await (manager ?? this.dataSource).query(
      `WITH r AS (UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id)
       SELECT id FROM r`,
      [userId],
    );
    return rows.length;
  }
}
