import { AppException } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DeliveryFailure, suppressionForFailure } from './delivery-failure';
import { emailHash, emailHashSql } from './email-hash';
import { Suppression, SuppressionReason } from './suppression.entity';

/** SQL: true when the address in `emailExpression` is suppressed (for statements that check many rows at once). */
export function isSuppressedSql(emailExpression: string): string {
  return `EXISTS (SELECT 1 FROM suppressions s WHERE s.email_hash = ${emailHashSql(emailExpression)})`;
}

/** SQL: the suppression reason of the address in `emailExpression`, or null. */
export function suppressionReasonSql(emailExpression: string): string {
  return `(SELECT s.reason FROM suppressions s WHERE s.email_hash = ${emailHashSql(emailExpression)})`;
}

/**
 * SQL: a LEFT JOIN of the suppression (at most one) of the address in `emailExpression` as `alias`, for statements
 * that show many contacts with theirs (`alias.reason`, `alias.source`, `alias.created_at`).
 */
export function suppressionJoinSql(emailExpression: string, alias: string): string {
  return `LEFT JOIN suppressions ${alias} ON ${alias}.email_hash = ${emailHashSql(emailExpression)}`;
}

/** A suppression as staff see it on a contact: why, since when, and what recorded it. */
export interface SuppressionView {
  reason: SuppressionReason;
  since: Date;
  /** What recorded it: `mailing:<id>` (an unsubscribe link), `smtp:550`, `gdpr-erasure`, `staff:<user id>` … */
  source: string | null;
}

/** Each reason in words, for messages staff read. */
export const SUPPRESSION_REASON_LABELS: Record<SuppressionReason, string> = {
  unsubscribed: 'avregistrerad',
  bounced: 'studsar (adressen finns inte)',
  complained: 'anmälde utskick som skräppost',
  manual: 'spärrad för hand',
  erased: 'raderad enligt GDPR',
};

export function toSuppressionView(s: Suppression): SuppressionView {
  return { reason: s.reason, since: s.createdAt, source: s.source };
}

/**
 * Addresses that must never be mailed again, kept only as hashes. The owner of the suppression table and of
 * the hash rule: other libs ask through these methods and the SQL helpers above, never with their own SQL.
 */
@Injectable()
export class SuppressionsService {
  constructor(@InjectRepository(Suppression) private readonly suppressions: Repository<Suppression>) {}

  async isSuppressed(email: string, manager?: EntityManager): Promise<boolean> {
    return (await this.find(email, manager)) !== null;
  }

  async find(email: string, manager?: EntityManager): Promise<Suppression | null> {
    const repo = manager ? manager.getRepository(Suppression) : this.suppressions;
    return repo.findOne({ where: { emailHash: emailHash(email) } });
  }

  /**
   * The suppression of each given contact's address, keyed by contact id (contacts without one are left out):
   * one statement, joining by the hash rule in SQL, so it can run beside the query that loads the contacts.
   */
  async findForContacts(contactIds: string[], manager?: EntityManager): Promise<Map<string, Suppression>> {
    if (contactIds.length === 0) return new Map();
    const repo = manager ? manager.getRepository(Suppression) : this.suppressions;
    const rows: {
      contact_id: string;
      email_hash: string;
      reason: SuppressionReason;
      source: string | null;
      created_at: Date;
    }[] = await repo.query(
      `SELECT c.id AS contact_id, s.email_hash, s.reason, s.source, s.created_at
           FROM contacts c JOIN suppressions s ON s.email_hash = ${emailHashSql('c.email')}
          WHERE c.id = ANY($1::uuid[])`,
      [contactIds],
    );
    return new Map(
      rows.map((r) => [
        r.contact_id,
        repo.create({ emailHash: r.email_hash, reason: r.reason, source: r.source, createdAt: r.created_at }),
      ]),
    );
  }

  /**
   * Lifts the suppression of `email` (someone unsubscribed by mistake) and answers what it was, or null when
   * the address was not suppressed. A suppression kept after a GDPR erasure is never lifted here: the person
   * asked to be forgotten, and only that entry keeps a re-import of the address out of mailings.
   */
  async lift(email: string, manager?: EntityManager): Promise<Suppression | null> {
    const repo = manager ? manager.getRepository(Suppression) : this.suppressions;
    const hash = emailHash(email);
    const result = await repo
      .createQueryBuilder()
      .delete()
      .from(Suppression)
      .where(`email_hash = :hash AND reason <> 'erased'`, { hash })
      .returning('*')
      .execute();
    const deleted = result.raw as {
      email_hash: string;
      reason: SuppressionReason;
      source: string | null;
      created_at: Date;
    }[];
    if (deleted.length > 0) {
      const d = deleted[0];
      return repo.create({
        emailHash: d.email_hash,
        reason: d.reason,
        source: d.source,
        createdAt: d.created_at,
      });
    }
    if (await repo.exists({ where: { emailHash: hash } })) {
      throw AppException.conflict(
        'Spärren kan inte hävas: adressen tillhörde en person som raderats enligt GDPR',
        { reason: 'erased' },
      );
    }
    return null;
  }

  /**
   * Idempotent: a second call for the same address keeps the first entry (its reason and time), because the
   * first reason is the one that explains why the person stopped receiving mail. Answers whether it added one.
   */
  async suppress(
    email: string,
    reason: SuppressionReason,
    source: string | null = null,
    manager?: EntityManager,
  ): Promise<boolean> {
    const repo = manager ? manager.getRepository(Suppression) : this.suppressions;
    const result = await repo
      .createQueryBuilder()
      .insert()
      .into(Suppression)
      .values({ emailHash: emailHash(email), reason, source })
      .orIgnore()
      .returning(['emailHash'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /**
   * GDPR erasure: the address's suppression becomes `erased` whatever it was before (keeping since when mail
   * stopped), so that neither an import nor staff lifting a block can bring the person back into mailings.
   */
  async markErased(email: string, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(Suppression) : this.suppressions;
    await repo.query(
      `INSERT INTO suppressions (email_hash, reason, source) VALUES ($1, 'erased', 'gdpr-erasure')
       ON CONFLICT (email_hash) DO UPDATE SET reason = 'erased', source = 'gdpr-erasure'`,
      [emailHash(email)],
    );
  }

  /**
   * A delivery to `email` failed: suppresses the address if the failure says it is dead (suppressionForFailure)
   * and answers the reason it was suppressed for, or null when the failure says nothing about the address.
   */
  async recordDeliveryFailure(
    email: string,
    failure: DeliveryFailure,
    source: string,
    manager?: EntityManager,
  ): Promise<SuppressionReason | null> {
    const reason = suppressionForFailure(failure);
    if (reason) await this.suppress(email, reason, source, manager);
    return reason;
  }
}
