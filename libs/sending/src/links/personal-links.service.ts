import { AppConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import { PublicTokenService } from './public-token.service';
import { TokenPurpose } from './token-purpose';

/** The links every message carries. */
export interface MessageLinks {
  unsubscribeUrl: string;
  viewInBrowserUrl: string;
}

/**
 * The personal links in a message: unsubscribe (/u/TOKEN) and view in browser (/v/TOKEN), each
 * single-purpose and scoped to the mailing and contact. A test send gets links that show their page and
 * change nothing: its unsubscribe token has a purpose of its own, and it has no mailing to view.
 */
@Injectable()
export class PersonalLinksService {
  private readonly base: string;

  constructor(
    private readonly tokens: PublicTokenService,
    config: AppConfig,
  ) {
    this.base = config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }

  /** The base address links are built on (PUBLIC_BASE_URL without a trailing slash). */
  get baseUrl(): string {
    return this.base;
  }

  linksFor(mailingId: string | null, contactId: string, options: { test?: boolean } = {}): MessageLinks {
    const subject = { scopeId: mailingId, contactId };
    const unsubscribe = options.test ? TokenPurpose.TestUnsubscribe : TokenPurpose.Unsubscribe;
    return {
      unsubscribeUrl: `${this.base}/u/${this.tokens.sign(unsubscribe, subject)}`,
      viewInBrowserUrl: `${this.base}/v/${this.tokens.sign(TokenPurpose.ViewInBrowser, subject)}`,
    };
  }
}
