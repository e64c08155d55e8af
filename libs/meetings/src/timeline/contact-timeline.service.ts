import { ContactsService } from '@app/crm';
import {
  AppException,
  decodeKeysetCursor,
  encodeKeysetCursor,
  invalidCursor,
  Page,
  takePage,
} from '@app/common';
import { Inject, Injectable, Provider } from '@nestjs/common';
import { HostAnswerTimelineSource, HostingStatusTimelineSource } from './hosting-timeline.source';
import { MeetingResponseTimelineSource } from './meeting-response-timeline.source';
import { MessageTimelineSource } from './message-timeline.source';
import { ReplyTimelineSource } from './reply-timeline.source';
import { TimelineItem, TimelineSeek, TimelineSource } from './timeline-source';

export const DEFAULT_TIMELINE_LIMIT = 50;
export const MAX_TIMELINE_LIMIT = 200;

/** The sources the timeline merges (injection token). */
export const CONTACT_TIMELINE_SOURCES = Symbol('CONTACT_TIMELINE_SOURCES');

/** The timeline's sources; a new one (replies) is added here and nowhere else. */
const SOURCE_CLASSES = [
  MessageTimelineSource,
  MeetingResponseTimelineSource,
  HostAnswerTimelineSource,
  HostingStatusTimelineSource,
  ReplyTimelineSource,
];

/** Everything the timeline needs, for the module's providers. */
export const CONTACT_TIMELINE_PROVIDERS: Provider[] = [
  ...SOURCE_CLASSES,
  {
    provide: CONTACT_TIMELINE_SOURCES,
    useFactory: (...sources: TimelineSource[]) => sources,
    inject: SOURCE_CLASSES,
  },
];

/** Where a page ended: the last item's time, source and key. */
interface TimelinePosition {
  at: Date;
  source: string;
  key: string;
}

type MergedItem = Omit<TimelineItem, 'id'> & { source: string; key: string };

/** Newest first; at the same millisecond by source name, then key, both descending (the cursor's order). */
function newestFirst(a: MergedItem, b: MergedItem): number {
  return (
    b.at.getTime() - a.at.getTime() ||
    (a.source === b.source ? 0 : a.source < b.source ? 1 : -1) ||
    (a.key === b.key ? 0 : a.key < b.key ? 1 : -1)
  );
}

/**
 * Where a source continues after a position: its items at the position's millisecond come after it when the
 * source sorts below the position's source, never when above, and below the key when it is the same source.
 * '~' sorts above every key (digits, hex and '-'), '' below every key.
 */
function seekFor(source: string, position: TimelinePosition | null): TimelineSeek | null {
  if (!position) return null;
  if (source === position.source) return { at: position.at, key: position.key };
  return { at: position.at, key: source < position.source ? '~' : '' };
}

/**
 * One list, newest first, of everything that happened with a person: every message, meeting answer and
 * attendance, host answer and hosting change. Each source pages itself by keyset; a page asks every source for
 * `limit + 1` items after the cursor and merges them by time, so pages never skip or repeat an item.
 */
@Injectable()
export class ContactTimelineService {
  private readonly sourceNames: Set<string>;

  constructor(
    @Inject(CONTACT_TIMELINE_SOURCES) private readonly sources: TimelineSource[],
    private readonly contacts: ContactsService,
  ) {
    this.sourceNames = new Set(sources.map((s) => s.name));
  }

  async timelineOf(
    contactId: string,
    query: { limit?: number; cursor?: string } = {},
  ): Promise<Page<TimelineItem>> {
    const limit = Math.min(
      Math.max(Math.trunc(query.limit ?? DEFAULT_TIMELINE_LIMIT), 1),
      MAX_TIMELINE_LIMIT,
    );
    const position = query.cursor ? this.decodeCursor(query.cursor) : null;
    if (!(await this.contacts.emailOf(contactId))) throw AppException.notFound('Kontakten', contactId);
    const perSource = await Promise.all(
      this.sources.map(async (source) => {
        const items = await source.page(contactId, seekFor(source.name, position), limit + 1);
        const count = await source.count(contactId);
        return { items: items.map((item) => ({ ...item, source: source.name })), count };
      }),
    );
    const merged: MergedItem[] = perSource.flatMap((p) => p.items).sort(newestFirst);
    const page = takePage(merged, limit, (last) =>
      encodeKeysetCursor([last.at.toISOString(), last.source, last.key]),
    );
    return {
      items: page.rows.map(({ source, key, ...item }) => ({ id: `${source}:${key}`, ...item })),
      nextCursor: page.nextCursor,
      total: perSource.reduce((sum, p) => sum + p.count, 0),
      totalIsEstimate: false,
    };
  }

  private decodeCursor(cursor: string): TimelinePosition {
    const [at, source, key] = decodeKeysetCursor(cursor, ['text', 'text', 'text']);
    const time = new Date(at);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(at) || Number.isNaN(time.getTime()))
      throw invalidCursor();
    if (!this.sourceNames.has(source) || !/^[0-9a-f-]{1,40}$/.test(key)) throw invalidCursor();
    return { at: time, source, key };
  }
}
