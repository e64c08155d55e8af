import { HeldRecord, PersonalDataHolder, PersonalDataHolders } from '@app/crm';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InboundMessagesRepository } from './inbound-messages.repository';

/**
 * A person's received mail (replies, auto-replies, bounces and complaints about their address), for the CRM's
 * erasure and GDPR export. Erasure keeps each message's kind and time, not who sent it or what it said.
 */
@Injectable()
export class InboundPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly section = 'replies';

  constructor(
    private readonly holders: PersonalDataHolders,
    private readonly messages: InboundMessagesRepository,
  ) {}

  onModuleInit(): void {
    this.holders.register(this);
  }

  async export(contactId: string, m: EntityManager): Promise<HeldRecord[]> {
    return (await this.messages.ofContact(m, contactId)).map((r) => ({ ...r }));
  }

  async erase(contactId: string, email: string | null, m: EntityManager): Promise<void> {
    await this.messages.scrubContact(m, contactId, email);
  }
}
