import { PersonalLinksService, PublicTokenService, TokenPurpose } from '@app/sending';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';

/**
 * The survey link in mail: /s/TOKEN (TokenPurpose.Survey, scoped to the survey and the person). Opening it
 * only shows the form; the answer is stored by the form's button.
 */
@Injectable()
export class SurveyLinks {
  constructor(
    private readonly tokens: PublicTokenService,
    private readonly links: PersonalLinksService,
  ) {}

  token(surveyId: string, contactId: string): string {
    return this.tokens.sign(TokenPurpose.Survey, { scopeId: surveyId, contactId });
  }

  url(surveyId: string, contactId: string): string {
    return `${this.links.baseUrl}/s/${this.token(surveyId, contactId)}`;
  }

  /**
   * The key an answer is stored under: a hash of the person's signed link. One per survey and person (so one
   * answer per link, changeable), yet without the token secret nobody can make it from a contact id: an
   * anonymous survey's answers cannot be traced back to anyone from the table.
   */
  respondentKey(surveyId: string, contactId: string): string {
    return createHash('sha256')
      .update(`survey-respondent\u0000${this.token(surveyId, contactId)}`)
      .digest('hex');
  }
}
