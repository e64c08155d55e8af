import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { emailHash } from './email-hash';
import { Suppression, SuppressionReason } from './suppression.entity';

/** Addresses that must never be mailed again, kept only as hashes. */
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
   * first reason is the one that explains why the person stopped receiving mail.
   */
  async suppress(
    email: string,
    reason: SuppressionReason,
    source: string | null = null,
    manager?: EntityManager,
  ): Promise<void> {
    const repo = manager ? manager.getRepository(Suppression) : this.suppressions;
    await repo
      .createQueryBuilder()
      .insert()
      .into(Suppression)
      .values({ emailHash: emailHash(email), reason, source })
      .orIgnore()
      .execute();
  }
}
