import { HeldRecord, PersonalDataHolder, PersonalDataHolders } from '@app/crm';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AnswerValue, SurveyQuestion } from '../surveys/survey-types';
import { SurveysRepository } from '../surveys/surveys.repository';

/** An answer as a person reads it: the rating, the chosen texts, or the text. */
function readable(q: SurveyQuestion | undefined, value: AnswerValue): string {
  if (!q) return Array.isArray(value) ? value.join(', ') : String(value);
  if (q.kind === 'single' || q.kind === 'multiple')
    return (Array.isArray(value) ? value : [value as number])
      .map((n) => q.choices[n - 1]?.sv ?? String(n))
      .join(', ');
  return String(value);
}

/**
 * What surveys keep about a person, for the CRM's GDPR export and erasure: their answers to surveys that are
 * not anonymous (an anonymous survey's answers hold no contact id, so they are nobody's). Erasure deletes them.
 */
@Injectable()
export class SurveysPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly section = 'surveys';

  constructor(
    private readonly holders: PersonalDataHolders,
    private readonly surveys: SurveysRepository,
  ) {}

  onModuleInit(): void {
    this.holders.register(this);
  }

  async export(contactId: string, m: EntityManager): Promise<HeldRecord[]> {
    const rows = await this.surveys.responsesOfContact(m, contactId);
    return rows.flatMap((r) =>
      Object.entries(r.answers).map(([questionId, value]) => {
        const q = r.questions.find((x) => x.id === questionId);
        return {
          kind: 'survey_answer',
          surveyId: r.surveyId,
          survey: r.title,
          question: q?.text.sv ?? questionId,
          answer: readable(q, value),
          updatedAt: r.updatedAt,
        };
      }),
    );
  }

  async erase(contactId: string, _email: string | null, m: EntityManager): Promise<void> {
    await this.surveys.deleteResponsesOfContact(m, contactId);
  }
}
