import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One record another part of the system keeps about a person, as the GDPR export shows it. */
export type HeldRecord = Record<string, string | number | boolean | Date | null>;

/**
 * A part of the system above the CRM that keeps personal data of contacts (the sending ledger, the outbox,
 * later meetings and surveys). The CRM cannot know their tables, so they register here and erasure and the
 * GDPR export reach them through this port, inside the CRM's own transaction.
 */
export interface PersonalDataHolder {
  /** The key of this holder's records in the GDPR export, e.g. "mailings". */
  readonly section: string;
  export(contactId: string, m: EntityManager): Promise<HeldRecord[]>;
  /** Removes or scrubs what it keeps about the person; `email` is the address being erased, if any. */
  erase(contactId: string, email: string | null, m: EntityManager): Promise<void>;
}

@Injectable()
export class PersonalDataHolders {
  private readonly holders = new Map<string, PersonalDataHolder>();

  register(holder: PersonalDataHolder): void {
    if (this.holders.has(holder.section))
      throw new Error(`Två registrerade innehavare av personuppgifter heter "${holder.section}"`);
    this.holders.set(holder.section, holder);
  }

  all(): PersonalDataHolder[] {
    return [...this.holders.values()];
  }
}
