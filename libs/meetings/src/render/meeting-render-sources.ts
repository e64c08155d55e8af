import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { MessageAttachment, MessagePurpose, PURPOSE_VARIABLES, TemplateLanguage } from '@app/mail';
import {
  EngineTransition,
  Mailing,
  MailingHooks,
  RenderError,
  RenderExtras,
  RenderRequest,
  SendCheck,
  SendingPorts,
} from '@app/sending';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { withRecipient } from '../calendar/calendar-splice';
import { MEETING_SCOPE } from '../messages/meeting-messages.service';
import type { Meeting } from '../meetings/meeting.entity';
import { MeetingsRepository } from '../meetings/meetings.repository';
import type { NoticeKind } from '../notices/meeting-notice.entity';
import { RESPONSE_STATE_LABELS } from '../responses/meeting-response.entity';
import { MeetingResponsesRepository } from '../responses/meeting-responses.repository';
import { AnswerLinks } from './answer-links';
import { MeetingRenderLookup, ResolvedMeeting } from './meeting-render-lookup';
import { meetingVariables } from './meeting-variables';

/** The sentence a confirmation confirms (`rsvp.answer`). */
export const CONFIRMATION_SENTENCES: Record<'registered' | 'promoted', Record<TemplateLanguage, string>> = {
  registered: { sv: 'Du är anmäld.', en: 'You are registered.' },
  promoted: {
    sv: 'Du har fått en plats: en plats blev ledig och du stod först på väntelistan.',
    en: 'You have a place: one became free and you were first on the waiting list.',
  },
};

/** A notice's text when staff wrote none (`notice.text`). */
export const NOTICE_SENTENCES: Record<NoticeKind, Record<TemplateLanguage, string>> = {
  change: {
    sv: 'Tid eller plats för mötet har ändrats. Här är de nya uppgifterna; kalenderfilen uppdaterar din kalender.',
    en: 'The time or place of the meeting has changed. Here are the new details; the calendar file updates your calendar.',
  },
  cancellation: {
    sv: 'Mötet är tyvärr inställt. Kalenderfilen tar bort det ur din kalender.',
    en: 'Unfortunately the meeting has been cancelled. The calendar file removes it from your calendar.',
  },
  waitlisted: {
    sv: 'Mötet är fullt just nu. Du står på väntelistan och får besked med e-post om en plats blir ledig.',
    en: 'The meeting is full at the moment. You are on the waiting list and will hear from us by e-mail if a place becomes free.',
  },
};

/**
 * The meeting purposes' render sources (invitation, confirmation, notice) and the lifecycle hooks of the
 * meeting's own mailings (scope `meeting`). Invitations are mailings of an outreach send (scope `invitation`,
 * the send's id), the meeting's confirmations and notices of the meeting (scope `meeting`). Each message gets
 * the meeting variables in its language, the person's answer links, and, as the purpose needs, the meeting as a
 * calendar file: REQUEST for an invitation, a confirmation and a change notice, CANCEL for a cancellation,
 * none for a waitlist notice. The calendar text is made once per meeting version (MeetingRenderLookup); each
 * message adds only its ATTENDEE and URL.
 */
@Injectable()
export class MeetingRenderSources implements MailingHooks, OnModuleInit {
  readonly scopeType = MEETING_SCOPE;
  private readonly uidHost: string;

  constructor(
    private readonly ports: SendingPorts,
    private readonly lookup: MeetingRenderLookup,
    private readonly links: AnswerLinks,
    private readonly responses: MeetingResponsesRepository,
    private readonly meetings: MeetingsRepository,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.uidHost = new URL(config.PUBLIC_BASE_URL).hostname;
  }

  onModuleInit(): void {
    this.ports.registerRenderSource({ purpose: 'invitation', extras: (r) => this.invitation(r) });
    this.ports.registerRenderSource({
      purpose: 'confirmation',
      extras: (r) => this.confirmation(r),
      withdrawal: (check) => this.confirmationWithdrawal(check),
    });
    this.ports.registerRenderSource({ purpose: 'notice', extras: (r) => this.notice(r) });
    this.ports.registerHooks(this);
  }

  async invitation(request: RenderRequest): Promise<RenderExtras> {
    if (!request.scope) return placeholders('invitation');
    const resolved = await this.resolve(request);
    const { meeting } = resolved;
    const rsvp = this.links.rsvp(meeting.id, request.contactId);
    return {
      variables: { ...meetingVariables(meeting, resolved.regionName, request.language), ...rsvp },
      attachments: [
        await this.calendarFor(
          request,
          meeting,
          meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
          rsvp.rsvpUrl,
        ),
      ],
    };
  }

  async confirmation(request: RenderRequest): Promise<RenderExtras> {
    if (!request.scope) return placeholders('confirmation');
    const resolved = await this.resolve(request);
    const { meeting } = resolved;
    const { rsvpUrl } = this.links.rsvp(meeting.id, request.contactId);
    const cause = await this.responses.latestYesCause(meeting.id, request.contactId);
    return {
      variables: {
        ...meetingVariables(meeting, resolved.regionName, request.language),
        'rsvp.answer':
          CONFIRMATION_SENTENCES[cause === 'waitlist' ? 'promoted' : 'registered'][request.language],
        rsvpUrl,
      },
      attachments: [await this.calendarFor(request, meeting, 'REQUEST', rsvpUrl)],
    };
  }

  /**
   * A confirmation applies while the person still has the place it confirms: one who said yes and then no (or
   * was moved down by staff) before their confirmation's turn came gets none, rather than a calendar entry for a
   * meeting they have just declined.
   */
  async confirmationWithdrawal(check: SendCheck): Promise<string | null> {
    if (check.scope.type !== MEETING_SCOPE) return null;
    const state = await this.responses.stateOf(check.scope.id, check.contactId);
    if (state === null) return 'Personen finns inte längre bland mötets inbjudna';
    if (state !== 'yes' && state !== 'attended')
      return `Personen har ändrat sitt svar: ${RESPONSE_STATE_LABELS[state]}`;
    return null;
  }

  async notice(request: RenderRequest): Promise<RenderExtras> {
    if (!request.scope || !request.mailingId) return placeholders('notice');
    const resolved = await this.resolve(request);
    const { meeting } = resolved;
    const notice = (await this.lookup.mailing(request.mailingId))?.notice;
    if (!notice) throw new RenderError('Utskicket är inget känt meddelande om mötet');
    const { rsvpUrl } = this.links.rsvp(meeting.id, request.contactId);
    const method = notice.kind === 'change' ? 'REQUEST' : notice.kind === 'cancellation' ? 'CANCEL' : null;
    return {
      variables: {
        ...meetingVariables(meeting, resolved.regionName, request.language),
        'notice.text': notice.text ?? NOTICE_SENTENCES[notice.kind][request.language],
        rsvpUrl,
      },
      attachments: method ? [await this.calendarFor(request, meeting, method, rsvpUrl)] : [],
    };
  }

  async lockScope(mailing: Mailing, m: EntityManager): Promise<void> {
    await this.meetings.lock(m, mailing.scopeId);
  }

  async onTransition(mailing: Mailing, transition: EngineTransition, m: EntityManager): Promise<void> {
    await this.audit.record(
      {
        action: `meeting.mailing_${transition.kind}`,
        targetType: 'meeting',
        targetId: mailing.scopeId,
        details: {
          mailingId: mailing.id,
          purpose: mailing.purpose,
          ...(transition.kind === 'finished' ? { counts: transition.counts } : {}),
          ...(transition.kind === 'paused' ? { reason: transition.reason } : {}),
        },
      },
      m,
    );
  }

  private async resolve(request: RenderRequest): Promise<ResolvedMeeting> {
    const resolved = await this.lookup.meetingOf(request.mailingId, request.scope!);
    if (!resolved) throw new RenderError('Mötet som utskicket gäller finns inte längre');
    return resolved;
  }

  private async calendarFor(
    request: RenderRequest,
    meeting: Meeting,
    method: 'REQUEST' | 'CANCEL',
    url: string,
  ): Promise<MessageAttachment> {
    const facts = request.mailingId ? await this.lookup.mailing(request.mailingId) : null;
    const organizer = facts?.sender ?? { name: 'Kansliet', email: `utskick@${this.uidHost}` };
    const base = this.lookup.calendar(meeting, { method, uidHost: this.uidHost, organizer });
    const name = [request.recipient?.firstName, request.recipient?.lastName].filter((p) => p).join(' ');
    const email = request.recipient?.email;
    return {
      filename: method === 'CANCEL' ? 'installt-mote.ics' : 'dialogmote.ics',
      contentType: `text/calendar; method=${method}; charset=utf-8`,
      content: withRecipient(base, { attendee: email ? { name, email } : undefined, url }),
    };
  }
}

/** Without a mailing (a preview, a test send): each declared variable shows its description in brackets. */
function placeholders(purpose: MessagePurpose): RenderExtras {
  return {
    variables: Object.fromEntries(
      Object.entries(PURPOSE_VARIABLES[purpose]).map(([name, description]) => [name, `[${description}]`]),
    ),
  };
}
