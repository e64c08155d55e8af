import { PersonalLinksService, PublicTokenService, TokenPurpose } from '@app/sending';
import { Injectable } from '@nestjs/common';
import type { HostAnswer } from '../rounds/hosting-status';
import type { RsvpChoice } from '../responses/meeting-response.entity';

/** The answer a link pre-selects, as it reads in the address (Swedish words; the page accepts these only). */
export const ANSWER_PARAMETER = 'svar';
export const ANSWER_WORDS: Record<RsvpChoice | HostAnswer, string> = {
  yes: 'ja',
  no: 'nej',
  maybe: 'kanske',
};
export function answerFromWord(word: unknown): RsvpChoice | null {
  const found = (Object.entries(ANSWER_WORDS) as [RsvpChoice, string][]).find(([, w]) => w === word);
  return found ? found[0] : null;
}

export interface RsvpLinks {
  rsvpUrl: string;
  rsvpYesUrl: string;
  rsvpNoUrl: string;
  rsvpMaybeUrl: string;
}

export interface HostLinks {
  responseUrl: string;
  hostYesUrl: string;
  hostMaybeUrl: string;
  hostNoUrl: string;
}

/**
 * The answer links in meeting mail: /r/TOKEN (RSVP, scoped to the meeting and the person) and /h/TOKEN (host
 * answer, scoped to the round and the person), each single-purpose. `?svar=ja` only pre-selects the answer on
 * the page: following a link changes nothing, so mail scanners that open every link do no harm.
 */
@Injectable()
export class AnswerLinks {
  constructor(
    private readonly tokens: PublicTokenService,
    private readonly links: PersonalLinksService,
  ) {}

  rsvpToken(meetingId: string, contactId: string): string {
    return this.tokens.sign(TokenPurpose.Rsvp, { scopeId: meetingId, contactId });
  }

  hostToken(roundId: string, contactId: string): string {
    return this.tokens.sign(TokenPurpose.HostResponse, { scopeId: roundId, contactId });
  }

  rsvp(meetingId: string, contactId: string): RsvpLinks {
    const url = `${this.links.baseUrl}/r/${this.rsvpToken(meetingId, contactId)}`;
    return {
      rsvpUrl: url,
      rsvpYesUrl: `${url}?${ANSWER_PARAMETER}=${ANSWER_WORDS.yes}`,
      rsvpNoUrl: `${url}?${ANSWER_PARAMETER}=${ANSWER_WORDS.no}`,
      rsvpMaybeUrl: `${url}?${ANSWER_PARAMETER}=${ANSWER_WORDS.maybe}`,
    };
  }

  host(roundId: string, contactId: string): HostLinks {
    const url = `${this.links.baseUrl}/h/${this.hostToken(roundId, contactId)}`;
    return {
      responseUrl: url,
      hostYesUrl: `${url}?${ANSWER_PARAMETER}=${ANSWER_WORDS.yes}`,
      hostMaybeUrl: `${url}?${ANSWER_PARAMETER}=${ANSWER_WORDS.maybe}`,
      hostNoUrl: `${url}?${ANSWER_PARAMETER}=${ANSWER_WORDS.no}`,
    };
  }
}
