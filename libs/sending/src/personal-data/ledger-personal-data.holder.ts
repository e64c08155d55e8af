import { HeldRecord, PersonalDataHolder, PersonalDataHolders } from '@app/crm';
import { OutboxQueryService } from '@app/mail';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LedgerRepository } from '../ledger/ledger.repository';

/**
 * The sending record of a person, for the CRM's erasure and GDPR export: every ledger row (what was sent, when,
 * to which address) and every outbox copy. Erasure keeps the rows' shape (who got how many, when) without the
 * person.
 */
@Injectable()
export class LedgerPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly section = 'mailings';

  constructor(
    private readonly holders: PersonalDataHolders,
    private readonly ledger: LedgerRepository,
    private readonly outbox: OutboxQueryService,
  ) {}

  onModuleInit(): void {
    this.holders.register(this);
  }

  async export(contactId: string, m: EntityManager): Promise<HeldRecord[]> {
    return (await this.ledger.rowsOfContact(m, contactId)).map((r) => ({ ...r }));
  }

  async erase(contactId: string, _email: string | null, m: EntityManager): Promise<void> {
    await this.outbox.scrubContact(m, contactId);
    await this.ledger.scrubContact(m, contactId);
  }
}
