import { Clock } from '@app/common';
import { LedgerRepository } from '@app/sending';
import { Injectable } from '@nestjs/common';
import type { Meeting } from '../meetings/meeting.entity';
import { MeetingsRepository } from '../meetings/meetings.repository';
import type { MeetingNotice } from '../notices/meeting-notice.entity';
import { MeetingNoticesRepository } from '../notices/meeting-notices.repository';
import { CalendarOptions, meetingCalendar } from '../calendar/meeting-calendar';

export interface ResolvedMeeting {
  meeting: Meeting;
  regionName: string;
}

export interface MailingFacts {
  sender: { name: string; email: string };
  /** The notice a notice mailing is (null for other mailings). */
  notice: MeetingNotice | null;
}

/** How long a looked-up meeting is reused: a render runs once per message; a change shows within this. */
export const RENDER_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 500;

class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(private readonly now: () => number) {}

  get(key: string, load: () => V): V {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < RENDER_CACHE_TTL_MS) return hit.value;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now() });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * What the meeting render sources look up, cached per mailing for a short while (RENDER_CACHE_TTL_MS): the
 * meeting of a mailing's scope (an invitation send's meeting, or the meeting itself), the mailing's sender and notice, and
 * the calendar text of a meeting at a calendar sequence (made once; only the recipient's ATTENDEE and URL are
 * added per message). A 1000-message invitation costs one meeting lookup and one calendar per worker process,
 * not 1000. Lookups in flight are shared (the cache holds promises); a failed one is forgotten at once.
 */
@Injectable()
export class MeetingRenderLookup {
  private readonly meetings: TtlCache<Promise<ResolvedMeeting | null>>;
  private readonly mailings: TtlCache<Promise<MailingFacts | null>>;
  private readonly calendars: TtlCache<string>;

  constructor(
    private readonly repository: MeetingsRepository,
    private readonly notices: MeetingNoticesRepository,
    private readonly ledger: LedgerRepository,
    clock: Clock,
  ) {
    const now = () => clock.now().getTime();
    this.meetings = new TtlCache(now);
    this.mailings = new TtlCache(now);
    this.calendars = new TtlCache(now);
  }

  /**
   * The meeting a mailing's scope names: `invitation` (an outreach send) or `meeting`. Cached per mailing: a
   * mailing started after a change (the change notice itself) never sees the meeting as it was before.
   */
  meetingOf(mailingId: string | null, scope: { type: string; id: string }): Promise<ResolvedMeeting | null> {
    const key = `${mailingId ?? '-'}:${scope.type}:${scope.id}`;
    return this.shared(this.meetings, key, async () => {
      const meeting =
        scope.type === 'invitation'
          ? await this.repository.findForInvitationSend(scope.id)
          : scope.type === 'meeting'
            ? await this.repository.find(scope.id)
            : null;
      if (!meeting) return null;
      const region = (await this.repository.regionNames([meeting.regionId])).get(meeting.regionId);
      return { meeting, regionName: region?.name ?? '' };
    });
  }

  mailing(mailingId: string): Promise<MailingFacts | null> {
    return this.shared(this.mailings, mailingId, async () => {
      const mailing = await this.ledger.findMailing(mailingId);
      if (!mailing) return null;
      return {
        sender: { name: mailing.fromName, email: mailing.fromAddress },
        notice: mailing.purpose === 'notice' ? await this.notices.findByMailing(mailingId) : null,
      };
    });
  }

  /** The meeting's calendar without a recipient, made once per meeting version, method and organizer. */
  calendar(meeting: Meeting, options: Omit<CalendarOptions, 'attendee' | 'url'>): string {
    const key = [
      meeting.id,
      meeting.calendarSequence,
      meeting.updatedAt.getTime(),
      options.method,
      options.uidHost,
      options.organizer.email,
      options.organizer.name,
    ].join('\u0000');
    return this.calendars.get(key, () => meetingCalendar(meeting, options));
  }

  private shared<V>(cache: TtlCache<Promise<V>>, key: string, load: () => Promise<V>): Promise<V> {
    const pending = cache.get(key, load);
    pending.catch(() => cache.forget(key));
    return pending;
  }
}
