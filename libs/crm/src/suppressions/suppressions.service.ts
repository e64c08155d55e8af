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
