import { AuditService } from '@app/audit';
import { ContactsService, SuppressionsService } from '@app/crm';
import { PublicTokenService, TokenPurpose } from '@app/sending';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface UnsubscribeState {
  /** "a***@exempel.se": enough for the person to recognise the address, not enough to harvest it. */
  maskedEmail: string | null;
  alreadyUnsubscribed: boolean;
  /** The link came in a test send: the page shows, and nothing is changed. */
  test: boolean;
}

/** A real unsubscribe link, or a test send's (which shows the page and changes nothing). */
const UNSUBSCRIBE_PURPOSES = [TokenPurpose.Unsubscribe, TokenPurpose.TestUnsubscribe];

export type UnsubscribeChannel = 'page' | 'one-click';

export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/**
 * Opt-out through a public link. Looking (GET) never changes anything; only `unsubscribe` (a POST) does, and
 * doing it twice is harmless. The address goes into the suppression list, which sending checks at send time.
 */
@Injectable()
export class UnsubscribeService {
  constructor(
    private readonly tokens: PublicTokenService,
    private readonly contacts: ContactsService,
    private readonly suppressions: SuppressionsService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async describe(token: string): Promise<UnsubscribeState> {
    const { purpose, subject } = this.tokens.verifyOneOf(token, UNSUBSCRIBE_PURPOSES);
    const test = purpose === TokenPurpose.TestUnsubscribe;
    const contact = await this.contacts.emailOf(subject.contactId);
    if (!contact?.email) return { maskedEmail: null, alreadyUnsubscribed: !test, test };
    return {
      maskedEmail: maskEmail(contact.email),
      alreadyUnsubscribed: !test && (await this.suppressions.isSuppressed(contact.email)),
      test,
    };
  }

  async unsubscribe(
    token: string,
    channel: UnsubscribeChannel,
    ip: string | null,
  ): Promise<UnsubscribeState> {
    const { purpose, subject } = this.tokens.verifyOneOf(token, UNSUBSCRIBE_PURPOSES);
    const { scopeId: mailingId, contactId } = subject;
    // A test send's link (staff trying the message out) must not unsubscribe the person whose data it used.
    if (purpose === TokenPurpose.TestUnsubscribe) {
      const contact = await this.contacts.emailOf(contactId);
      return {
        maskedEmail: contact?.email ? maskEmail(contact.email) : null,
        alreadyUnsubscribed: false,
        test: true,
      };
    }
    return this.dataSource.transaction(async (manager) => {
      const contact = await this.contacts.emailOf(contactId, manager);
      // An erased contact has no address left to mail: the link still answers, and nothing needs doing.
      if (!contact?.email) return { maskedEmail: null, alreadyUnsubscribed: true, test: false };
      const added = await this.suppressions.suppress(
        contact.email,
        'unsubscribed',
        mailingId ? `mailing:${mailingId}` : channel,
        manager,
      );
      if (added) {
        await this.audit.record(
          {
            action: 'contact.unsubscribed',
            actor: { ip },
            targetType: 'contact',
            targetId: contactId,
            details: { mailingId, channel },
          },
          manager,
        );
      }
      return { maskedEmail: maskEmail(contact.email), alreadyUnsubscribed: true, test: false };
    });
  }
}
