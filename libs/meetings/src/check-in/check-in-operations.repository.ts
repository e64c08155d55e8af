import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What a stored operation keeps: the answer given, and a fingerprint of the request it answered. */
export interface StoredOperation {
  clientId: string;
  meetingId: string;
  kind: 'check_in' | 'walk_in';
  contactId: string | null;
  result: { fingerprint?: string; answer?: Record<string, unknown> };
}

/**
 * Owns the SQL on check_in_operations: the client-made ids that make a check-in or walk-in safe to send twice.
 */
@Injectable()
export class CheckInOperationsRepository {
  /**
   * Claims the client's id for this operation: INSERT … ON CONFLICT DO NOTHING. A second identical request
   * running at the same time waits here until the first commits (then finds its row) or rolls back (then
   * claims it itself). Answers whether this call claimed it.
   */
  async claim(
    m: EntityManager,
    op: { clientId: string; meetingId: string; kind: 'check_in' | 'walk_in'; contactId: string | null },
    fingerprint: string,
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO check_in_operations (client_id, meeting_id, kind, contact_id, result)
       VALUES ($1, $2, $3, $4, jsonb_build_object('fingerprint', $5::text))
       ON CONFLICT (client_id) DO NOTHING
       RETURNING client_id`,
      [op.clientId, op.meetingId, op.kind, op.contactId, fingerprint],
    );
    return rows.length > 0;
  }

  async find(m: EntityManager, clientId: string): Promise<StoredOperation | null> {
    const [row]: StoredOperation[] = await m.query(
      `SELECT client_id AS "clientId", meeting_id AS "meetingId", kind, contact_id AS "contactId", result
         FROM check_in_operations WHERE client_id = $1`,
      [clientId],
    );
    return row ?? null;
  }

  /** Stores the answer of a claimed operation (and the contact it ended up with), in the claiming transaction. */
  async complete(
    m: EntityManager,
    clientId: string,
    contactId: string,
    fingerprint: string,
    answer: object,
  ): Promise<void> {
    await m.query(
      `UPDATE check_in_operations
          SET contact_id = $2, result = jsonb_build_object('fingerprint', $3::text, 'answer', $4::jsonb)
        WHERE client_id = $1`,
      [clientId, contactId, fingerprint, JSON.stringify(answer)],
    );
  }

  // ── personal data ─────────────────────────────────────────────────────────────────────────────────────

  /** A person's check-ins and walk-ins (GDPR export). */
  async ofContact(
    m: EntityManager,
    contactId: string,
  ): Promise<{ clientId: string; meetingId: string; kind: string; createdAt: Date }[]> {
    return m.query(
      `SELECT client_id AS "clientId", meeting_id AS "meetingId", kind, created_at AS "createdAt"
         FROM check_in_operations WHERE contact_id = $1 ORDER BY created_at, client_id`,
      [contactId],
    );
  }

  /** Erasure: the stored answers lose everything about the person (the rows go with the contact). */
  async scrubContact(m: EntityManager, contactId: string): Promise<void> {
    await m.query(`UPDATE check_in_operations SET result = '{}'::jsonb WHERE contact_id = $1`, [contactId]);
  }
}
