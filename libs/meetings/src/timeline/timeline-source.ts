import type { MessagePurpose } from '@app/mail';
import type { RecipientStatus } from '@app/sending';
import type { ResponseCause, ResponseState } from '../responses/meeting-response.entity';
import type { HostAnswer, HostingCause, HostingStatus } from '../rounds/hosting-status';

/** What a timeline item is about. */
export const TIMELINE_KINDS = ['message', 'meeting_answer', 'attendance', 'hosting', 'reply'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * What an item says besides its title: one shape for every kind, each kind filling its own fields (a message
 * its mailing, an answer its meeting, a hosting item its round and region). Absent fields do not apply.
 */
export interface TimelineDetails {
  mailingId?: string;
  mailingTitle?: string;
  purpose?: MessagePurpose;
  messageStatus?: RecipientStatus;
  sentAt?: Date;
  /** What the mailing belongs to (a campaign, a meeting …), as the engine names it. */
  scopeType?: string;
  scopeId?: string;

  meetingId?: string;
  meetingTitle?: string;
  meetingStartsAt?: Date;
  responseState?: ResponseState;
  previousResponseState?: ResponseState;
  responseCause?: ResponseCause;

  roundId?: string;
  roundName?: string;
  regionId?: number;
  regionName?: string;
  hostAnswer?: HostAnswer;
  hostingStatus?: HostingStatus;
  previousHostingStatus?: HostingStatus;
  hostingCause?: HostingCause;
  comment?: string;
  suggestedDates?: string;

  /** A received reply (GET /api/replies/:id) and whether it was automatic. */
  replyId?: string;
  replyKind?: 'reply' | 'auto_reply';

  /** A note staff wrote with the change. */
  note?: string;
}

/** One thing that happened with a person. */
export interface TimelineItem {
  /** Unique in the timeline: the source's name and the item's key there. */
  id: string;
  at: Date;
  kind: TimelineKind;
  /** Swedish, for staff: "Inbjudan: Dialogmöte Dalarna – skickat". */
  title: string;
  details: TimelineDetails;
}

/**
 * A position in one source's order: items are newest first by their time to the millisecond, then by their
 * key descending (compared as bytes, PostgreSQL's COLLATE "C": keys are ASCII, numbers zero-padded).
 */
export interface TimelineSeek {
  at: Date;
  key: string;
}

/** An item as its source gives it: the key orders items of the same millisecond within the source. */
export interface SourcedItem extends Omit<TimelineItem, 'id'> {
  key: string;
}

/**
 * One kind of history of a person (messages, meeting answers, hosting …). The timeline merges its sources by
 * time; adding one (replies, say) is a class with these two methods, listed in CONTACT_TIMELINE_SOURCES.
 */
export interface TimelineSource {
  /** Stable and unique: it is part of the paging cursor, and breaks ties between sources. Lower-case ASCII. */
  readonly name: string;
  /** At most `limit` items, newest first, strictly after `before` in the order of TimelineSeek. */
  page(contactId: string, before: TimelineSeek | null, limit: number): Promise<SourcedItem[]>;
  count(contactId: string): Promise<number>;
}

/** Keeps only the details that have a value, so an item carries the fields of its kind only. */
export function presentDetails(details: {
  [K in keyof TimelineDetails]: TimelineDetails[K] | null;
}): TimelineDetails {
  return Object.fromEntries(
    Object.entries(details).filter(([, v]) => v !== null && v !== undefined),
  ) as TimelineDetails;
}
