import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Where the poller stands in one mailbox: everything up to lastUid (under uidValidity) has been stored. */
export interface ImapHighWater {
  uidValidity: string;
  lastUid: number;
}

/** What staff see of one polled mailbox (the system status). */
export interface ImapMailboxStatus {
  mailbox: string;
  lastPollAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  messagesTaken: number;
  messagesTruncated: number;
}

/** Owns the SQL on inbound_imap_mailboxes, and the advisory lock that lets one poller at a time into a mailbox. */
@Injectable()
export class ImapHighWaterRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `fn` holding the mailbox's session advisory lock on a connection of its own, or answers `{ locked: false }`
   * at once when another process holds it. A process that dies loses its connection and with it the lock.
   */
  async withMailboxLock<T>(
    mailbox: string,
    fn: () => Promise<T>,
  ): Promise<{ locked: true; value: T } | { locked: false }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query(
        `SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`,
        [`crm:inbound-imap:${mailbox}`],
      );
      if (!locked) return { locked: false };
      try {
        return { locked: true, value: await fn() };
      } finally {
        await runner
          .query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [`crm:inbound-imap:${mailbox}`])
          .catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  async find(mailbox: string): Promise<ImapHighWater | null> {
    const [row]: { uidValidity: string; lastUid: string }[] = await this.dataSource.query(
      `SELECT uid_validity AS "uidValidity", last_uid AS "lastUid" FROM inbound_imap_mailboxes WHERE mailbox = $1`,
      [mailbox],
    );
    return row ? { uidValidity: row.uidValidity, lastUid: Number(row.lastUid) } : null;
  }

  /** The mailbox seen for the first time, or under a new UIDVALIDITY: from the start. Counts are kept. */
  async startOver(mailbox: string, uidValidity: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO inbound_imap_mailboxes (mailbox, uid_validity, last_uid, updated_at)
       VALUES ($1, $2, 0, $3)
       ON CONFLICT (mailbox) DO UPDATE SET uid_validity = $2, last_uid = 0, updated_at = $3`,
      [mailbox, uidValidity, at],
    );
  }

  /**
   * Everything up to `uid` is stored. Only under the same UIDVALIDITY, and never backwards; answers whether the
   * row moved (false: another UIDVALIDITY was recorded meanwhile).
   */
  async advance(
    mailbox: string,
    uidValidity: string,
    uid: number,
    truncated: boolean,
    at: Date,
  ): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE inbound_imap_mailboxes
          SET last_uid = $3, messages_taken = messages_taken + 1,
              messages_truncated = messages_truncated + $4, updated_at = $5
        WHERE mailbox = $1 AND uid_validity = $2 AND last_uid < $3`,
      [mailbox, uidValidity, uid, truncated ? 1 : 0, at],
    );
    return count > 0;
  }

  /** A poll ended: when, and its error (null: it went through). Only for a mailbox already recorded. */
  async recordPoll(mailbox: string, at: Date, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE inbound_imap_mailboxes
          SET last_poll_at = $2,
              last_success_at = CASE WHEN $3::text IS NULL THEN $2 ELSE last_success_at END,
              last_error = COALESCE($3::text, last_error),
              last_error_at = CASE WHEN $3::text IS NULL THEN last_error_at ELSE $2 END,
              updated_at = $2
        WHERE mailbox = $1`,
      [mailbox, at, error],
    );
  }

  /** A poll that failed before the mailbox was ever opened (wrong password, no server) still shows. */
  async recordFailureBeforeOpen(mailbox: string, at: Date, error: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO inbound_imap_mailboxes (mailbox, uid_validity, last_poll_at, last_error, last_error_at, updated_at)
       VALUES ($1, '', $2, $3, $2, $2)
       ON CONFLICT (mailbox) DO UPDATE SET last_poll_at = $2, last_error = $3, last_error_at = $2, updated_at = $2`,
      [mailbox, at, error],
    );
  }

  async statuses(): Promise<ImapMailboxStatus[]> {
    const rows: (Omit<ImapMailboxStatus, 'messagesTaken' | 'messagesTruncated'> & {
      messagesTaken: number;
      messagesTruncated: number;
    })[] = await this.dataSource.query(
      `SELECT mailbox, last_poll_at AS "lastPollAt", last_success_at AS "lastSuccessAt", last_error AS "lastError",
              last_error_at AS "lastErrorAt", messages_taken AS "messagesTaken",
              messages_truncated AS "messagesTruncated"
         FROM inbound_imap_mailboxes ORDER BY mailbox`,
    );
    return rows;
  }
}
