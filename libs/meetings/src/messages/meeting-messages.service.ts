import { AppConfig } from '@app/config';
import { ContactsService } from '@app/crm';
import { TemplatesService } from '@app/mail';
import { MailingLifecycle, MailingSpec } from '@app/sending';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Meeting } from '../meetings/meeting.entity';
import { MeetingsRepository } from '../meetings/meetings.repository';
import type { NoticeKind } from '../notices/meeting-notice.entity';
import { MeetingNoticesRepository } from '../notices/meeting-notices.repository';
import { MeetingResponsesRepository } from '../responses/meeting-responses.repository';

/** The scope of a meeting's own mailings (confirmations and notices); an invitation's scope is its send. */
export const MEETING_SCOPE = 'meeting';

/** The built-in template each of the meeting's own messages is made from (the current version of each). */
export const MEETING_TEMPLATE_KEYS = {
  confirmation: 'mote-bekraftelse',
  waitlisted: 'mote-vantelista',
  change: 'mote-andring',
  cancellation: 'mote-installt',
} as const;

/** Who is told when a meeting changes or is called off: everyone who may come. */
export const NOTIFIED_ANSWERS = ['yes', 'maybe', 'waitlisted'] as const;

/**
 * The meeting's own messages, all through the sending engine and its ledger: a confirmation after every yes, a
 * waitlist notice, and change and cancellation notices. Each is written inside the caller's transaction (the
 * answer or the change and its message are recorded together, or neither); the caller enqueues the mailing ids
 * it is given after its commit (if the process dies first, the engine's maintenance job enqueues them).
 *
 * Sender: the meeting's invitation's sender (the latest invitation send), so replies go where the invitation's
 * did; without one, MAIL_FROM_NAME / MAIL_FROM_ADDRESS from the configuration (AppConfig.defaultSender).
 */
/** How long a meeting's template version and sender are reused between answers. */
const FIXED_TTL_MS = 5_000;

type MailingSender = Pick<MailingSpec, 'fromName' | 'fromAddress' | 'replyTo'>;

/**
 * What a transaction wrote for the engine to queue after its commit: a whole mailing (a notice to many), or the
 * one row of a one-off (a confirmation), which is queued without reading the ledger again.
 */
export type QueuedMessage = { mailingId: string; recipientId?: string };

/** Someone a meeting message goes to, with the address read with their row (null: none). */
export interface MessageTo {
  meeting: Meeting;
  contactId: string;
  email: string | null;
}

@Injectable()
export class MeetingMessages {
  private readonly logger = new Logger('MeetingMessages');

  private readonly fixedCache = new Map<
    string,
    { value: { templateVersionId: string; sender: MailingSender }; until: number }
  >();

  constructor(
    private readonly lifecycle: MailingLifecycle,
    private readonly templates: TemplatesService,
    private readonly meetings: MeetingsRepository,
    private readonly notices: MeetingNoticesRepository,
    private readonly responses: MeetingResponsesRepository,
    private readonly contacts: ContactsService,
    private readonly config: AppConfig,
  ) {}

  /**
   * A confirmation (with the calendar file) to someone who now has a place. `email`: the address the caller
   * has just read with the person's row, if it has (saves a lookup under the meeting's lock).
   */
  async confirmation(
    m: EntityManager,
    meeting: Meeting,
    contactId: string,
    email?: string | null,
  ): Promise<QueuedMessage | null> {
    const [queued] = await this.confirmations(m, [
      { meeting, contactId, email: await this.addressOf(m, contactId, email) },
    ]);
    return queued;
  }

  /**
   * Confirmations for several people at once (a batch of answers through the link), written in one statement;
   * answered in the order given, null where nothing is sent (no address, or the template is missing).
   */
  async confirmations(m: EntityManager, people: MessageTo[]): Promise<(QueuedMessage | null)[]> {
    const { queued } = await this.oneOffs(
      m,
      people,
      'confirmation',
      MEETING_TEMPLATE_KEYS.confirmation,
      'Bekräftelse',
    );
    return queued;
  }

  /** A notice that the meeting is full and the person is on the waiting list. */
  async waitlistNotice(
    m: EntityManager,
    meeting: Meeting,
    contactId: string,
    email?: string | null,
  ): Promise<QueuedMessage | null> {
    const [queued] = await this.waitlistNotices(m, [
      { meeting, contactId, email: await this.addressOf(m, contactId, email) },
    ]);
    return queued;
  }

  /**
   * Waitlist notices for several people at once (a batch of answers), written in two statements (the one-offs,
   * then their notice rows); answered in the order given, null where nothing is sent.
   */
  async waitlistNotices(m: EntityManager, people: MessageTo[]): Promise<(QueuedMessage | null)[]> {
    const { queued, written } = await this.oneOffs(
      m,
      people,
      'notice',
      MEETING_TEMPLATE_KEYS.waitlisted,
      'Väntelista',
    );
    await this.notices.recordMany(
      m,
      written.map(({ meeting, mailingId }) => ({
        meetingId: meeting.id,
        kind: 'waitlisted' as const,
        text: null,
        mailingId,
        calendarSequence: meeting.calendarSequence,
        actorUserId: null,
      })),
    );
    return queued;
  }

  /**
   * A change or cancellation notice to everyone who said yes or maybe or is waiting (`meeting` as it is after
   * the change, its calendar sequence raised). Null when there is nobody to tell.
   */
  async changeNotice(
    m: EntityManager,
    meeting: Meeting,
    kind: Exclude<NoticeKind, 'waitlisted'>,
    text: string | null,
    actorUserId: string | null,
  ): Promise<string | null> {
    const key = kind === 'change' ? MEETING_TEMPLATE_KEYS.change : MEETING_TEMPLATE_KEYS.cancellation;
    const spec = await this.spec(
      m,
      meeting,
      'notice',
      key,
      kind === 'change' ? 'Ändrat möte' : 'Inställt möte',
    );
    if (!spec) return null;
    const audience = this.responses.audience(m, meeting.id, [...NOTIFIED_ANSWERS]);
    if ((await audience.getCount()) === 0) return null;
    const { mailingId } = await this.lifecycle.start(m, spec, async () => audience);
    await this.notices.record(m, {
      meetingId: meeting.id,
      kind,
      text,
      mailingId,
      calendarSequence: meeting.calendarSequence,
      actorUserId,
    });
    return mailingId;
  }

  /** Queues what the caller's committed transaction added; a queue that does not answer is left to maintenance. */
  async enqueue(messages: (QueuedMessage | null)[]): Promise<void> {
    // All at once: rows queued together go to the queue in one call (SendJobs batches them).
    await Promise.all(
      messages.map(async (queued) => {
        if (!queued) return;
        try {
          if (queued.recipientId)
            await this.lifecycle.enqueueOne({ mailingId: queued.mailingId, recipientId: queued.recipientId });
          else await this.lifecycle.enqueue(queued.mailingId);
        } catch (err) {
          this.logger.warn(
            { mailingId: queued.mailingId, err: err instanceof Error ? err.message : String(err) },
            'Kunde inte köa mötesbrevet nu; underhållsjobbet köar det',
          );
        }
      }),
    );
  }

  /**
   * The template version and sender of a meeting's messages, kept a few seconds: an answer runs under the
   * meeting's lock, and fifty answers at once should not look the same two things up fifty times.
   */
  private async templateAndSender(
    m: EntityManager,
    meetingId: string,
    templateKey: string,
  ): Promise<{ templateVersionId: string; sender: MailingSender } | null> {
    const key = `${meetingId}|${templateKey}`;
    const cached = this.fixedCache.get(key);
    if (cached && cached.until > Date.now()) return cached.value;
    const template = await this.templates.findBuiltIn(templateKey, m);
    if (!template?.currentVersionId) return null;
    const sender = (await this.meetings.invitationSender(m, meetingId)) ?? {
      fromName: this.config.defaultSender.name,
      fromAddress: this.config.defaultSender.address,
      replyTo: null,
    };
    const value = { templateVersionId: template.currentVersionId, sender };
    if (this.fixedCache.size > 1000) this.fixedCache.clear();
    this.fixedCache.set(key, { value, until: Date.now() + FIXED_TTL_MS });
    return value;
  }

  /** The address the caller read with the person's row (null: none), or looked up when it did not (undefined). */
  private async addressOf(
    m: EntityManager,
    contactId: string,
    known?: string | null,
  ): Promise<string | null> {
    return known !== undefined ? known : ((await this.contacts.emailOf(contactId, m))?.email ?? null);
  }

  /**
   * One-off mailings of one meeting message to several people, in one statement: each meeting's template and
   * sender looked up once. `queued` in the order given (null: no address, or the template is missing); `written`
   * the mailings made, with their meetings.
   */
  private async oneOffs(
    m: EntityManager,
    people: MessageTo[],
    purpose: 'confirmation' | 'notice',
    templateKey: string,
    label: string,
  ): Promise<{ queued: (QueuedMessage | null)[]; written: { meeting: Meeting; mailingId: string }[] }> {
    const specs = new Map<string, MailingSpec | null>();
    const writes: {
      index: number;
      meeting: Meeting;
      spec: MailingSpec;
      contact: { id: string; email: string };
    }[] = [];
    for (const [index, { meeting, contactId, email }] of people.entries()) {
      if (!email) continue;
      let spec = specs.get(meeting.id);
      if (spec === undefined) {
        spec = await this.spec(m, meeting, purpose, templateKey, label);
        specs.set(meeting.id, spec);
      }
      if (spec) writes.push({ index, meeting, spec, contact: { id: contactId, email } });
    }
    const queued: (QueuedMessage | null)[] = people.map(() => null);
    const made = await this.lifecycle.addMany(m, writes);
    writes.forEach((write, j) => (queued[write.index] = made[j]));
    return {
      queued,
      written: writes.map((write, j) => ({ meeting: write.meeting, mailingId: made[j].mailingId })),
    };
  }

  private async spec(
    m: EntityManager,
    meeting: Meeting,
    purpose: 'confirmation' | 'notice',
    templateKey: string,
    label: string,
  ): Promise<MailingSpec | null> {
    const fixed = await this.templateAndSender(m, meeting.id, templateKey);
    if (!fixed) {
      // The built-in templates are made when the API starts; without one the answer still counts.
      this.logger.warn({ meetingId: meeting.id, templateKey }, 'Mallen saknas: inget brev skickas');
      return null;
    }
    const { templateVersionId, sender } = fixed;
    return {
      purpose,
      scope: { type: MEETING_SCOPE, id: meeting.id },
      title: `${label}: ${meeting.title}`,
      templateVersionId,
      subject: null,
      ...sender,
      rateLimitPerMinute: null,
    };
  }
}
