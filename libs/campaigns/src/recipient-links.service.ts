import { AppConfig } from '@app/config';
import { PublicTokenService, TokenPurpose } from '@app/tracking';
import { Injectable } from '@nestjs/common';
import type { RecipientLinks } from './render-context';

/** The personal links in a message: unsubscribe (/u/TOKEN) and view in browser (/v/TOKEN), each single-purpose. */
@Injectable()
export class RecipientLinksService {
  constructor(
    private readonly tokens: PublicTokenService,
    private readonly config: AppConfig,
  ) {}

  linksFor(campaignId: string | null, contactId: string): RecipientLinks {
    const base = this.config.PUBLIC_BASE_URL.replace(/\/+$/, '');
    const subject = { campaignId, contactId };
    return {
      unsubscribeUrl: `${base}/u/${this.tokens.sign(TokenPurpose.Unsubscribe, subject)}`,
      viewInBrowserUrl: `${base}/v/${this.tokens.sign(TokenPurpose.ViewInBrowser, subject)}`,
    };
  }
}
