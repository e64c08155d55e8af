import { AppConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** How many failures from one IP (over other emails) count as one failure on this email, for the slow-down. */
export const IP_LIMIT_FACTOR = 4;

/** Each failure past the free ones by others adds this much to every attempt on the email (or from the IP). */
export const STALL_STEP_MS = 100;
/** The slow-down others' failures can cause is capped: the right password always gets in, this late at worst. */
export const MAX_STALL_MS = 2_000;

export type ThrottleDecision =
  { allowed: true; attemptId: string; stallMs: number } | { allowed: false; retryAfterSeconds: number };

/** Failure counts the decision is made from (all within LOGIN_WINDOW_SECONDS). */
export interface FailureCounts {
  /** This client (IP) on this email, since this client's last success on it. */
  own: number;
  /** Seconds since this client's latest failure on this email (null: none). */
  secondsSinceOwnLast: number | null;
  /** Other clients on this email, since the email's last success. */
  othersOnEmail: number;
  /** This client on other emails. */
  ownOnOtherEmails: number;
}

/**
 * The rule, without the database. A client is an IP address (behind a proxy, the one TRUST_PROXY lets through)
 * together with the email it tries:
 *
 * - Its first `free` failures cost nothing. After that it must wait before its next attempt, 1 s after failure
 *   `free`, doubling per further failure up to `maxDelaySeconds`; an attempt before then is refused (429 with
 *   Retry-After). Only this client is ever refused, and only for a few seconds at a time: nobody is locked out.
 * - Others' failures on the same email (someone guessing the admin's password from elsewhere), and this client's
 *   failures on many other emails (spraying), never refuse anyone: they slow every attempt down, a little more per
 *   failure, at most MAX_STALL_MS. A client that has not failed itself always gets in with the right password.
 */
export function throttleRule(
  counts: FailureCounts,
  free: number,
  maxDelaySeconds: number,
): { retryAfterSeconds: number } | { stallMs: number } {
  if (counts.own >= free) {
    const wait = Math.min(2 ** (counts.own - free), maxDelaySeconds);
    const remaining = wait - (counts.secondsSinceOwnLast ?? wait);
    if (remaining > 0) return { retryAfterSeconds: Math.max(1, Math.ceil(remaining)) };
  }
  const pressure =
    Math.max(counts.othersOnEmail, Math.floor(counts.ownOnOtherEmails / IP_LIMIT_FACTOR)) - free;
  return { stallMs: pressure > 0 ? Math.min(pressure * STALL_STEP_MS, MAX_STALL_MS) : 0 };
}

/**
 * Login throttling in PostgreSQL so it holds across API processes. An attempt is first recorded as a failure
 * (under a per-email advisory lock) and only turned into a success once the password checks out; so two
 * concurrent guesses from one client cannot both slip through.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly config: AppConfig) {}

  get freeFailures(): number {
    return this.config.LOGIN_MAX_FAILURES;
  }

  /** Call inside a transaction. Refused attempts are not recorded, so waiting is always enough. */
  async reserve(manager: EntityManager, email: string, ip: string | null): Promise<ThrottleDecision> {
    const window = this.config.LOGIN_WINDOW_SECONDS;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('crm:login:' || $1))`, [email]);

    const rows: {
      own: number;
      since_own_last: number | null;
      others: number;
      own_elsewhere: number;
    }[] = await manager.query(
      `WITH recent AS (
         SELECT email, ip, succeeded, at FROM login_attempts
          WHERE at > now() - make_interval(secs => $3)
            AND (email = $1 OR ip = $2 OR ($2::text IS NULL AND ip IS NULL))
       ),
       own_success AS (
         SELECT coalesce(max(at), '-infinity') AS at FROM recent
          WHERE email = $1 AND ip IS NOT DISTINCT FROM $2 AND succeeded
       ),
       email_success AS (
         SELECT coalesce(max(at), '-infinity') AS at FROM recent WHERE email = $1 AND succeeded
       )
       SELECT
         count(*) FILTER (WHERE email = $1 AND ip IS NOT DISTINCT FROM $2 AND at > (SELECT at FROM own_success))::int
           AS own,
         extract(epoch FROM now() - max(at) FILTER (
           WHERE email = $1 AND ip IS NOT DISTINCT FROM $2 AND at > (SELECT at FROM own_success)))::float8
           AS since_own_last,
         count(*) FILTER (WHERE email = $1 AND ip IS DISTINCT FROM $2 AND at > (SELECT at FROM email_success))::int
           AS others,
         count(*) FILTER (WHERE email <> $1 AND ip IS NOT DISTINCT FROM $2)::int AS own_elsewhere
       FROM recent WHERE NOT succeeded`,
      [email, ip, window],
    );
    const counts: FailureCounts = {
      own: rows[0]?.own ?? 0,
      secondsSinceOwnLast: rows[0]?.since_own_last ?? null,
      othersOnEmail: rows[0]?.others ?? 0,
      ownOnOtherEmails: rows[0]?.own_elsewhere ?? 0,
    };
    const rule = throttleRule(counts, this.freeFailures, this.config.LOGIN_MAX_DELAY_SECONDS);
    if ('retryAfterSeconds' in rule) return { allowed: false, retryAfterSeconds: rule.retryAfterSeconds };

    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO login_attempts (email, ip, succeeded) VALUES ($1, $2, false) RETURNING id`,
      [email, ip],
    );
    return { allowed: true, attemptId: String(inserted[0].id), stallMs: rule.stallMs };
  }

  async markSucceeded(manager: EntityManager, attemptId: string): Promise<void> {
    await manager.query(`UPDATE login_attempts SET succeeded = true WHERE id = $1`, [attemptId]);
    // Successful logins are rare, so this is a cheap moment to keep the table from growing forever.
    await manager.query(
      `DELETE FROM login_attempts WHERE at < now() - make_interval(secs => $1) - interval '30 days'`,
      [this.config.LOGIN_WINDOW_SECONDS],
    );
  }
}
