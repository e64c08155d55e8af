import { Clock } from '@app/common';
import { PURPOSE_VARIABLES, type MessagePurpose } from '@app/mail';
import { LedgerRepository, RenderExtras, RenderRequest, RenderSource, SendingPorts } from '@app/sending';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { deadlineDay } from '../rounds/response-deadline';
import { RoundsRepository } from '../rounds/rounds.repository';
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
 */
@Injectable()
export class OutreachRenderSources implements OnModuleInit {
  private readonly cache = new Map<string, { expires: number; context: Promise<MailingContext | null> }>();

  constructor(
    private readonly ports: SendingPorts,
    private readonly sends: OutreachSendsRepository,
    private readonly rounds: RoundsRepository,
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
  };

  readonly reminder: RenderSource = {
    purpose: 'reminder',
    extras: (request) => this.reminderExtras(request),
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
    const { send, reminder } = found;
    const round = await this.rounds.findRound(send.roundId);
    const meeting = send.meetingId ? await this.sends.meeting(send.meetingId) : null;
    return {
      send,
      threadOf: reminder && send.mailingId && send.mailingId !== mailingId ? send.mailingId : null,
      round: round ? { name: round.name, responseDeadline: round.responseDeadline } : null,
      meeting,
    };
  }
}
