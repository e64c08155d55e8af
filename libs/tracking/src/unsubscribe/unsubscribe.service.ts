import { AuditService } from '@app/audit';
import { Contact, emailHash, Suppression, SuppressionsService } from '@app/crm';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PublicTokenService } from '../tokens/public-token.service';
import { TokenPurpose } from '../tokens/token-purpose';

export interface UnsubscribeState {
  /** "a***@exempel.se": enough for the person to recognise the address, not enough to harvest it. */
  maskedEmail: string | null;
  alreadyUnsubscribed: boolean;
}

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
    private readonly suppressions: SuppressionsService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async describe(token: string): Promise<UnsubscribeState> {
    const { contactId } = this.tokens.verify(token, TokenPurpose.Unsubscribe);
    const contact = await this.dataSource.getRepository(Contact).findOne({ where: { id: contactId } });
    if (!contact?.email) return { maskedEmail: null, alreadyUnsubscribed: true };
    return {
      maskedEmail: maskEmail(contact.email),
      alreadyUnsubscribed: await this.suppressions.isSuppressed(contact.email),
    };
  }

  async unsubscribe(
    token: string,
    channel: UnsubscribeChannel,
    ip: string | null,
  ): Promise<UnsubscribeState> {
    const { campaignId, contactId } = this.tokens.verify(token, TokenPurpose.Unsubscribe);
    return this.dataSource.transaction(async (manager) => {
      const contact = await manager.getRepository(Contact).findOne({ where: { id: contactId } });
      // An erased contact has no address left to mail: the link still answers, and nothing needs doing.
      if (!contact?.email) return { maskedEmail: null, alreadyUnsubscribed: true };
      const existing = await manager
        .getRepository(Suppression)
        .findOne({ where: { emailHash: emailHash(contact.email) } });
      if (!existing) {
        await this.suppressions.suppress(
          contact.email,
          'unsubscribed',
          campaignId ? `campaign:${campaignId}` : channel,
          manager,
        );
        await this.audit.record(
          {
            action: 'contact.unsubscribed',
            actor: { ip },
            targetType: 'contact',
            targetId: contactId,
            details: { campaignId, channel },
          },
          manager,
        );
      }
      return { maskedEmail: maskEmail(contact.email), alreadyUnsubscribed: true };
    });
  }
}
