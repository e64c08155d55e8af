import { MESSAGE_PURPOSE_LABELS } from '@app/mail';
import { LedgerRepository, RecipientStatus } from '@app/sending';
import { Injectable } from '@nestjs/common';
import { presentDetails, SourcedItem, TimelineSeek, TimelineSource } from './timeline-source';

/** A ledger row's status as the end of a title: "Inbjudan: Dialogmöte Dalarna – skickat". */
export const MESSAGE_STATUS_PHRASES: Record<RecipientStatus, string> = {
  pending: 'väntar på att skickas',
  sending: 'skickas',
  sent: 'skickat',
  failed_temporary: 'misslyckades, försöker igen',
  failed_permanent: 'kunde inte skickas',
  suppressed: 'stoppat, adressen är spärrad',
  uncertain: 'osäkert om det kom fram',
  withdrawn: 'återkallat, gällde inte längre',
};

/** Every message the engine holds for the person (every purpose), from its ledger. */
@Injectable()
export class MessageTimelineSource implements TimelineSource {
  readonly name = 'messages';

  constructor(private readonly ledger: LedgerRepository) {}

  async page(contactId: string, before: TimelineSeek | null, limit: number): Promise<SourcedItem[]> {
    const rows = await this.ledger.timelineOfContact(contactId, before, limit);
    return rows.map((r) => ({
      key: r.key,
      at: r.at,
      kind: 'message',
      title: `${MESSAGE_PURPOSE_LABELS[r.purpose] ?? r.purpose}: ${r.title} – ${MESSAGE_STATUS_PHRASES[r.status] ?? r.status}`,
      details: presentDetails({
        mailingId: r.mailingId,
        mailingTitle: r.title,
        purpose: r.purpose,
        messageStatus: r.status,
        sentAt: r.sentAt,
        scopeType: r.scopeType,
        scopeId: r.scopeId,
      }),
    }));
  }

  count(contactId: string): Promise<number> {
    return this.ledger.countOfContact(contactId);
  }
}
