import { AppErrorCode, AppException, Clock } from '@app/common';
import type { TemplateLanguage } from '@app/mail';
import { PublicTokenService, TokenPurpose } from '@app/sending';
import { Injectable } from '@nestjs/common';
import type { Meeting } from '../meetings/meeting.entity';
import { MeetingsRepository } from '../meetings/meetings.repository';
import { formatMeetingStart, formatMeetingTime } from '../render/meeting-dates';
import type { ResponseState, RsvpAnswer } from '../responses/meeting-response.entity';
import { MeetingResponsesRepository, stateOf } from '../responses/meeting-responses.repository';
import {
  AnswerClosedReason,
  AnswerResult,
  answersClosed,
  MeetingResponsesService,
} from '../responses/meeting-responses.service';
import { parseRsvpForm, RsvpField, RsvpFormValues } from './rsvp-form';

/** Everything the RSVP page shows, in the recipient's language. */
export interface RsvpPageState {
  meetingId: string;
  contactId: string;
  language: TemplateLanguage;
  firstName: string | null;
  meeting: {
    title: string;
    date: string;
    time: string;
    venue: string | null;
    address: string | null;
    city: string | null;
    deadline: string | null;
    description: string | null;
    agenda: string | null;
  };
  /** Why answers are not taken now; null while they are. */
  closed: AnswerClosedReason | null;
  state: ResponseState;
  answer: RsvpAnswer | null;
  waitlistPosition: number | null;
  /** The form as the person last sent it. */
  values: RsvpFormValues;
}

export type RsvpSubmitResult =
  | { kind: 'saved'; page: RsvpPageState; result: AnswerResult }
  | { kind: 'invalid'; page: RsvpPageState; errors: Partial<Record<RsvpField, string>> }
  | { kind: 'closed'; page: RsvpPageState };

const ANSWER_WORD: Record<RsvpAnswer, string> = {
  yes: 'ja',
  waitlisted: 'ja',
  no: 'nej',
  cancelled: 'nej',
  maybe: 'kanske',
};

/**
 * The RSVP page behind /r/TOKEN (TokenPurpose.Rsvp, scoped to the meeting and the person). `describe` only
 * reads (mail scanners open every link); `submit` records an answer through MeetingResponsesService. A forged
 * token, one made for something else, a meeting that is gone or a person not invited: a clear 404, nothing
 * changed.
 */
@Injectable()
export class RsvpPageService {
  constructor(
    private readonly tokens: PublicTokenService,
    private readonly meetings: MeetingsRepository,
    private readonly responses: MeetingResponsesRepository,
    private readonly answers: MeetingResponsesService,
    private readonly clock: Clock,
  ) {}

  async describe(token: string, preselect?: string): Promise<RsvpPageState> {
    const { scopeId, contactId } = this.tokens.verify(token, TokenPurpose.Rsvp);
    const meeting = scopeId ? await this.meetings.find(scopeId) : null;
    if (!meeting) throw new AppException(AppErrorCode.NOT_FOUND, 'Mötet finns inte längre.');
    const row = await this.responses.find(meeting.id, contactId);
    if (!row)
      throw new AppException(AppErrorCode.NOT_FOUND, 'Du finns inte bland de inbjudna till det här mötet.');
    const contact = await this.meetings.contactForPage(contactId);
    const language: TemplateLanguage = contact?.language === 'en' ? 'en' : 'sv';
    const closed = answersClosed(meeting, this.clock.now());
    const preselected = ['ja', 'nej', 'kanske'].includes(preselect ?? '') ? preselect! : null;
    return {
      meetingId: meeting.id,
      contactId,
      language,
      firstName: contact?.firstName ?? null,
      meeting: this.meetingText(meeting, language),
      closed,
      state: stateOf(row)!,
      answer: row.answer,
      waitlistPosition: await this.responses.waitlistPosition(this.dataManager(), meeting.id, contactId),
      values: {
        answer: preselected ?? (row.answer ? ANSWER_WORD[row.answer] : ''),
        diet: row.diet ?? '',
        accessibility: row.accessibility ?? '',
        comment: row.comment ?? '',
        companions: row.companions.join('\n'),
      },
    };
  }

  /** Records a posted form; invalid input or a closed meeting changes nothing. */
  async submit(token: string, body: unknown): Promise<RsvpSubmitResult> {
    const page = await this.describe(token);
    if (page.closed) return { kind: 'closed', page };
    const form = parseRsvpForm(body, page.language);
    if (!form.ok) return { kind: 'invalid', page: { ...page, values: form.values }, errors: form.errors };
    try {
      const result = await this.answers.answerFromLink(
        page.meetingId,
        page.contactId,
        form.choice,
        form.details,
      );
      return { kind: 'saved', page: await this.describe(token), result };
    } catch (err) {
      // Closed between the page and the post (the deadline passed, staff cancelled): said as such.
      if (err instanceof AppException && err.code === AppErrorCode.CONFLICT)
        return { kind: 'closed', page: await this.describe(token) };
      throw err;
    }
  }

  private meetingText(meeting: Meeting, language: TemplateLanguage): RsvpPageState['meeting'] {
    return {
      title: meeting.title,
      date: formatMeetingStart(meeting.startsAt, language),
      time: formatMeetingTime(meeting.startsAt, meeting.endsAt, language),
      venue: meeting.venue,
      address: meeting.address,
      city: meeting.city,
      deadline: meeting.rsvpDeadline ? formatMeetingStart(meeting.rsvpDeadline, language) : null,
      description: meeting.description,
      agenda: meeting.agenda,
    };
  }

  private dataManager() {
    return this.responses.readManager;
  }
}
