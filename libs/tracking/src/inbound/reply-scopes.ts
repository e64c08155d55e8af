import { Injectable } from '@nestjs/common';

/** What a mailing's scope belongs to, for linking what comes back for it. */
export interface ScopeLinks {
  meetingId: string | null;
}

/**
 * Features above tracking (meetings) know what their mailing scopes mean; tracking cannot import them, so they
 * register a resolver here (as personal-data holders do with the CRM) and a received reply is linked through it.
 */
export interface ReplyScopeResolver {
  linksOf(scope: { type: string; id: string }): Promise<ScopeLinks | null>;
}

@Injectable()
export class ReplyScopes {
  private readonly resolvers: ReplyScopeResolver[] = [];

  register(resolver: ReplyScopeResolver): void {
    this.resolvers.push(resolver);
  }

  /** The first resolver's answer that knows the scope; no links when none does. */
  async linksOf(scope: { type: string; id: string }): Promise<ScopeLinks> {
    for (const resolver of this.resolvers) {
      const links = await resolver.linksOf(scope);
      if (links) return links;
    }
    return { meetingId: null };
  }
}
