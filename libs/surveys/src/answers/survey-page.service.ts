import { AppErrorCode, AppException, Clock } from '@app/common';
import { ContactsService } from '@app/crm';
import type { TemplateLanguage } from '@app/mail';
import { PublicTokenService, TokenPurpose } from '@app/sending';
import { Injectable } from '@nestjs/common';
import { SurveyLinks } from '../sends/survey-links';
import { QuestionKind, surveyClosed, SurveyQuestion } from '../surveys/survey-types';
import { SurveysRepository } from '../surveys/surveys.repository';
import { parseSurveyForm, SurveyFormValues, valuesOf } from './survey-form';

/** A question as the page shows it, in the page's language. */
export interface PageQuestion {
  id: string;
  kind: QuestionKind;
  required: boolean;
  text: string;
  choices: string[];
}

/** Everything the survey page shows, in the person's language. */
export interface SurveyPageState {
  surveyId: string;
  language: TemplateLanguage;
  firstName: string | null;
  title: string;
  intro: string | null;
  anonymous: boolean;
  questions: PageQuestion[];
  closed: boolean;
  /** Whether the person has answered before (the form then shows those answers). */
  answered: boolean;
  values: SurveyFormValues;
}

export type SurveySubmitResult =
  | { kind: 'saved'; page: SurveyPageState; changed: boolean }
  | { kind: 'invalid'; page: SurveyPageState; errors: Record<string, string> }
  | { kind: 'closed'; page: SurveyPageState };

/**
 * The survey page behind /s/TOKEN (TokenPurpose.Survey, scoped to the survey and the person). `describe` only
 * reads (mail scanners open every link); `submit` stores the person's answers, one row per link, replaced on
 * a second post, while the survey is open. For an anonymous survey the row holds no contact id. A forged or
 * altered token, one for another purpose, a survey or person that is gone: a clear 404, nothing changed.
 */
@Injectable()
export class SurveyPageService {
  constructor(
    private readonly tokens: PublicTokenService,
    private readonly surveys: SurveysRepository,
    private readonly contacts: ContactsService,
    private readonly links: SurveyLinks,
    private readonly clock: Clock,
  ) {}

  async describe(token: string): Promise<SurveyPageState> {
    return (await this.read(token)).page;
  }

  async submit(token: string, body: unknown): Promise<SurveySubmitResult> {
    const { page, questions, contactId, key } = await this.read(token);
    if (page.closed) return { kind: 'closed', page };
    const form = parseSurveyForm(body, questions, page.language);
    if (!form.ok) return { kind: 'invalid', page: { ...page, values: form.values }, errors: form.errors };
    const saved = await this.surveys.saveResponse(
      page.surveyId,
      key,
      page.anonymous ? null : contactId,
      form.answers,
      this.clock.now(),
    );
    // Closed between the page and the post (staff closed it, its time passed): said as such.
    if (saved === 'closed') return { kind: 'closed', page: { ...page, closed: true } };
    return {
      kind: 'saved',
      page: { ...page, answered: true, values: valuesOf(form.answers) },
      changed: saved === 'updated',
    };
  }

  private async read(token: string): Promise<{
    page: SurveyPageState;
    questions: SurveyQuestion[];
    contactId: string;
    key: string;
  }> {
    const { scopeId, contactId } = this.tokens.verify(token, TokenPurpose.Survey);
    const survey = scopeId ? await this.surveys.find(scopeId) : null;
    if (!survey) throw new AppException(AppErrorCode.NOT_FOUND, 'Enkäten finns inte längre.');
    const [contact] = await this.contacts.loadMany([contactId]);
    if (!contact) throw new AppException(AppErrorCode.NOT_FOUND, 'Länken gäller inte längre.');
    const language: TemplateLanguage = contact.language === 'en' && survey.titleEn ? 'en' : 'sv';
    const en = language === 'en';
    const key = this.links.respondentKey(survey.id, contactId);
    const answers = await this.surveys.responseOf(survey.id, key);
    return {
      page: {
        surveyId: survey.id,
        language,
        firstName: contact.firstName ?? null,
        title: (en && survey.titleEn) || survey.titleSv,
        intro: (en && survey.introEn) || survey.introSv,
        anonymous: survey.anonymous,
        questions: survey.questions.map((q) => ({
          id: q.id,
          kind: q.kind,
          required: q.required,
          text: (en && q.text.en) || q.text.sv,
          choices: q.choices.map((c) => (en && c.en) || c.sv),
        })),
        closed: surveyClosed(survey, this.clock.now()),
        answered: answers !== null,
        values: valuesOf(answers),
      },
      questions: survey.questions,
      contactId,
      key,
    };
  }
}
