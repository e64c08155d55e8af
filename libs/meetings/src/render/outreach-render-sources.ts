import { Clock } from '@app/common';
import { PURPOSE_VARIABLES, type MessagePurpose } from '@app/mail';
import {
  LedgerRepository,
  RenderExtras,
  RenderRequest,
  RenderSource,
  SendCheck,
  SendingPorts,
} from '@app/sending';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { RESPONSE_STATE_LABELS } from '../responses/meeting-response.entity';
import { MeetingResponsesRepository } from '../responses/meeting-responses.repository';
import { HOSTING_STATUS_LABELS } from '../rounds/hosting-status';
import { deadlineDay } from '../rounds/response-deadline';
import { RoundsRepository } from '../rounds/rounds.repository';
import type { ReminderKind } from '../sends/due-reminder.entity';
import { OutreachSend } from '../sends/outreach-send.entity';
import { MeetingRow, OutreachSendsRepository } from '../sends/outreach-sends.repository';
import { AnswerLinks } from './answer-links';
import { formatMeetingDay } from './meeting-dates';
import { meetingVariables } from './meeting-variables';

/** How long what a mailing's messages share is kept: render runs per message, its mailing rarely changes. */
const CACHE_TTL_MS = 60_000;

/** What every message of one mailing shares: the send, and whether it is a reminder (then its thread). */
interface MailingContext {
  send: OutreachSend;
  /** The send's first mailing when this one is a reminder: the person's message there starts the thread. */
  threadOf: string | null;
  /** Which reminder this mailing is; null for the send's first mailing. */
  reminder: ReminderKind | null;
  round: { name: string; responseDeadline: string | null } | null;
  meeting: MeetingRow | null;
}

/** Each declared variable as its description in brackets: a preview of something not started. */
function placeholders(purpose: MessagePurpose): RenderExtras {
  return {
    variables: Object.fromEntries(
      Object.entries(PURPOSE_VARIABLES[purpose]).map(([name, description]) => [name, `[${description}]`]),
    ),
  };
}

/**
 * The render sources of host requests (purpose host_request, the request and its reminders) and of invitation
 * reminders (purpose reminder): the round's or the meeting's variables in the message's language, the
 * person's answer links, and for a reminder In-Reply-To/References to the person's first message, so the
 * reminder lands in the same thread.
 *
 * A reminder is also asked, just before each message goes out, whether it still applies (the engine's
 * `withdrawal`): its audience was fixed when it started, and a reminder to 800 people at a set pace takes many
 * minutes, in which people answer. The rule is the one its audience was chosen by, asked again for one person:
 * a no-answer reminder of an invitation while the person is still `invited`, an attending reminder while they
 * still say yes, a host-request reminder while neither they nor their region (through a colleague, or staff)
 * has answered. Otherwise the row ends `withdrawn` with the reason. A send's first mailing is never withdrawn.
 */
@Injectable()
export class OutreachRenderSources implements OnModuleInit {
  private readonly cache = new Map<string, { expires: number; context: Promise<MailingContext | null> }>();

  constructor(
    private readonly ports: SendingPorts,
    private readonly sends: OutreachSendsRepository,
    private readonly rounds: RoundsRepository,
    private readonly responses: MeetingResponsesRepository,
    private readonly ledger: LedgerRepository,
    private readonly links: AnswerLinks,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.ports.registerRenderSource(this.hostRequest);
    this.ports.registerRenderSource(this.reminder);
  }

  readonly hostRequest: RenderSource = {
    purpose: 'host_request',
    extras: (request) => this.hostRequestExtras(request),
    withdrawal: (check) => this.hostRequestWithdrawal(check),
  };

  readonly reminder: RenderSource = {
    purpose: 'reminder',
    extras: (request) => this.reminderExtras(request),
    withdrawal: (check) => this.reminderWithdrawal(check),
  };

  async hostRequestExtras(request: RenderRequest): Promise<RenderExtras> {
    const context = request.mailingId ? await this.contextOf(request.mailingId) : null;
    if (!context?.round) return placeholders('host_request');
    const { round, send } = context;
    return {
      variables: {
        'round.name': round.name,
        'round.deadline': round.responseDeadline
          ? formatMeetingDay(deadlineDay(round.responseDeadline), request.language)
          : '',
        ...this.links.host(send.roundId, request.contactId),
      },
      ...(await this.thread(context, request.contactId)),
    };
  }

  async reminderExtras(request: RenderRequest): Promise<RenderExtras> {
    const context = request.mailingId ? await this.contextOf(request.mailingId) : null;
    if (!context?.meeting) return placeholders('reminder');
    const { meeting } = context;
    return {
      variables: {
        ...meetingVariables(meeting, meeting.regionName, request.language),
        ...this.links.rsvp(meeting.id, request.contactId),
      },
      ...(await this.thread(context, request.contactId)),
    };
  }

  /** A host-request reminder no longer applies once the person or their region has answered. */
  async hostRequestWithdrawal(check: SendCheck): Promise<string | null> {
    const context = await this.contextOf(check.mailingId);
    if (!context?.reminder) return null;
    const { answered, regionStatus } = await this.rounds.hostRequestStanding(
      context.send.roundId,
      check.contactId,
    );
    if (answered) return 'Personen har redan svarat på värdförfrågan';
    if (regionStatus === null) return 'Personen hör inte längre till en region i omgången';
    if (regionStatus !== 'asked')
      return `Regionen väntar inte längre på svar: ${HOSTING_STATUS_LABELS[regionStatus]}`;
    return null;
  }

  /** A no-answer reminder applies while the person is still `invited`; an attending one while they say yes. */
  async reminderWithdrawal(check: SendCheck): Promise<string | null> {
    const context = await this.contextOf(check.mailingId);
    if (!context?.reminder || !context.send.meetingId) return null;
    const state = await this.responses.stateOf(context.send.meetingId, check.contactId);
    if (state === null) return 'Personen finns inte längre bland mötets inbjudna';
    if (context.reminder === 'no_answer' && state !== 'invited')
      return `Personen har redan svarat: ${RESPONSE_STATE_LABELS[state]}`;
    if (context.reminder === 'attending' && state !== 'yes')
      return `Personen har ändrat sitt svar: ${RESPONSE_STATE_LABELS[state]}`;
    return null;
  }

  /** A reminder answers in the thread of the person's first message (when it went out with a Message-ID). */
  private async thread(context: MailingContext, contactId: string): Promise<RenderExtras> {
    if (!context.threadOf) return {};
    const messageId = await this.ledger.messageIdOf(context.threadOf, contactId);
    return messageId ? { inReplyTo: messageId, references: [messageId] } : {};
  }

  private contextOf(mailingId: string): Promise<MailingContext | null> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(mailingId);
    if (hit && hit.expires > now) return hit.context;
    if (this.cache.size > 500) {
      for (const [key, entry] of this.cache) if (entry.expires <= now) this.cache.delete(key);
    }
    const context = this.load(mailingId);
    this.cache.set(mailingId, { expires: now + CACHE_TTL_MS, context });
    context.catch(() => this.cache.delete(mailingId));
    return context;
  }

  private async load(mailingId: string): Promise<MailingContext | null> {
    const found = await this.sends.ofMailing(mailingId);
    if (!found) return null;
    const { send } = found;
    const reminder = found.reminder && send.mailingId !== mailingId ? found.reminder : null;
    const round = await this.rounds.findRound(send.roundId);
    const meeting = send.meetingId ? await this.sends.meeting(send.meetingId) : null;
    return {
      send,
      threadOf: reminder ? send.mailingId : null,
      reminder: reminder?.kind ?? null,
      round: round ? { name: round.name, responseDeadline: round.responseDeadline } : null,
      meeting,
    };
  }
}
