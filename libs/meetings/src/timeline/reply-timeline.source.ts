import type { MessagePurpose } from '@app/mail';
import { MESSAGE_PURPOSE_LABELS } from '@app/mail';
import { InboundMessagesRepository } from '@app/tracking';
import { Injectable } from '@nestjs/common';
import { presentDetails, SourcedItem, TimelineSeek, TimelineSource } from './timeline-source';

/** The person's replies (and automatic replies) to mail, from the inbound mail tracking keeps. */
@Injectable()
export class ReplyTimelineSource implements TimelineSource {
  readonly name = 'replies';

  constructor(private readonly inbound: InboundMessagesRepository) {}

  async page(contactId: string, before: TimelineSeek | null, limit: number): Promise<SourcedItem[]> {
    const rows = await this.inbound.timelineOfContact(contactId, before, limit);
    return rows.map((r) => {
      const about = r.mailingTitle
        ? ` på ${(MESSAGE_PURPOSE_LABELS[r.purpose as MessagePurpose] ?? r.purpose ?? '').toLowerCase()}: ${r.mailingTitle}`
        : '';
      return {
        key: r.key,
        at: r.at,
        kind: 'reply',
        title: `${r.kind === 'auto_reply' ? 'Automatiskt svar' : 'Svar'}${about}${r.subject ? ` – "${r.subject.slice(0, 120)}"` : ''}`,
        details: presentDetails({
          replyId: r.key,
          replyKind: r.kind === 'auto_reply' ? 'auto_reply' : 'reply',
          mailingId: r.mailingId,
          mailingTitle: r.mailingTitle,
          purpose: r.purpose as MessagePurpose | null,
          scopeType: r.scopeType,
          scopeId: r.scopeId,
        }),
      };
    });
  }

  count(contactId: string): Promise<number> {
    return this.inbound.countOfContact(contactId);
  }
}
