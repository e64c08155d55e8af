import { AppErrorCode, AppException, Clock } from '@app/common';
import type { TemplateLanguage } from '@app/mail';
import { PublicTokenService, TokenPurpose } from '@app/sending';
import { Injectable } from '@nestjs/common';
import { formatMeetingStart, formatMeetingTime } from '../render/meeting-dates';
import type { ResponseState, RsvpAnswer } from '../responses/meeting-response.entity';
import {
  AnswerDetails,
  AnswerPageMeeting,
  MeetingResponsesRepository,
  stateOf,
} from '../responses/meeting-responses.repository';
import {
  AnswerClosedReason,
  AnswerResult,
  answersClosed,
  LinkAnswerPage,
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

/** The form's detail fields as a row (or an answer's result) holds them. */
function detailValues(d: AnswerDetails): Omit<RsvpFormValues, 'answer'> {
  return {
    diet: d.diet ?? '',
    accessibility: d.accessibility ?? '',
    comment: d.comment ?? '',
    companions: d.companions.join('\n'),
  };
}

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
    private readonly responses: MeetingResponsesRepository,
    private readonly answers: MeetingResponsesService,
    private readonly clock: Clock,
  ) {}

  async describe(token: string, preselect?: string): Promise<RsvpPageState> {
    const { scopeId, contactId } = this.tokens.verify(token, TokenPurpose.Rsvp);
    const data = scopeId ? await this.responses.answerPage(scopeId, contactId) : null;
    return this.pageOf(data, contactId, data?.waitlistPosition ?? null, preselect);
  }

  /** Records a posted form; invalid input or a closed meeting changes nothing. */
  async submit(token: string, body: unknown): Promise<RsvpSubmitResult> {
    const { scopeId, contactId } = this.tokens.verify(token, TokenPurpose.Rsvp);
    // Whether the form is right does not depend on the language, only its messages do: a right form goes
    // straight to the answer (which reads the page's data under its lock), a wrong one reads the page first.
    const form = parseRsvpForm(body, 'sv');
    if (!scopeId || !form.ok) {
      const page = await this.describe(token);
      if (page.closed) return { kind: 'closed', page };
      const shown = parseRsvpForm(body, page.language);
      return {
        kind: 'invalid',
        page: { ...page, values: shown.values },
        errors: shown.ok ? {} : shown.errors,
      };
    }
    try {
      const result = await this.answers.answerFromLink(scopeId, contactId, form.choice, form.details);
      // The receipt is the page as it now stands, from what the answer wrote (not read again).
      const page = this.pageOf(result.before, contactId, null);
      const after: RsvpPageState = {
        ...page,
        state: result.state,
        answer: result.answer,
        waitlistPosition: result.waitlistPosition,
        values: {
          answer: result.answer ? ANSWER_WORD[result.answer] : '',
          ...detailValues(result.details),
        },
      };
      return { kind: 'saved', page: after, result };
    } catch (err) {
      // Closed between the page and the post (the deadline passed, staff cancelled): said as such.
      if (err instanceof AppException && err.code === AppErrorCode.CONFLICT)
        return { kind: 'closed', page: await this.describe(token) };
      throw err;
    }
  }

  /** The page from what was read of the meeting and the person; a clear 404 when either is missing. */
  private pageOf(
    data: LinkAnswerPage | null,
    contactId: string,
    waitlistPosition: number | null,
    preselect?: string,
  ): RsvpPageState {
    if (!data) throw new AppException(AppErrorCode.NOT_FOUND, 'Mötet finns inte längre.');
    const { meeting, response, contact } = data;
    if (!response)
      throw new AppException(AppErrorCode.NOT_FOUND, 'Du finns inte bland de inbjudna till det här mötet.');
    const language: TemplateLanguage = contact?.language === 'en' ? 'en' : 'sv';
    const preselected = ['ja', 'nej', 'kanske'].includes(preselect ?? '') ? preselect! : null;
    return {
      meetingId: meeting.id,
      contactId,
      language,
      firstName: contact?.firstName ?? null,
      meeting: this.meetingText(meeting, language),
      closed: answersClosed(meeting, this.clock.now()),
      state: stateOf(response)!,
      answer: response.answer,
      waitlistPosition,
      values: {
        answer: preselected ?? (response.answer ? ANSWER_WORD[response.answer] : ''),
        ...detailValues(response),
      },
    };
  }

  private meetingText(meeting: AnswerPageMeeting, language: TemplateLanguage): RsvpPageState['meeting'] {
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
}
