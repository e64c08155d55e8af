import { AuditActor, AuditService } from '@app/audit';
import { AppException, Clock } from '@app/common';
import { MeetingsRepository } from '@app/meetings';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { checkedClosesAt, checkedQuestions, checkedText, SurveyTextsInput } from './survey-input';
import {
  Survey,
  SURVEY_KIND_LABELS,
  SURVEY_LIMITS,
  SURVEY_STATUS_LABELS,
  SurveyKind,
  SurveyStatus,
  surveyStatus,
} from './survey-types';
import { SurveysRepository, SurveyValues } from './surveys.repository';

export interface SurveyInput extends SurveyTextsInput {
  kind: SurveyKind;
  /** The meeting an evaluation survey belongs to. */
  meetingId?: string | null;
  titleSv: string;
}

export interface SurveyView extends Survey {
  kindLabel: string;
  status: SurveyStatus;
  statusLabel: string;
  /** How many have answered. */
  responses: number;
}

/**
 * Surveys as staff make them: an evaluation of a meeting or the annual member survey, with questions in
 * Swedish (English optional). The questions change only while nobody has answered: results must mean what the
 * people answering saw. Every change is audited.
 */
@Injectable()
export class SurveysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly surveys: SurveysRepository,
    private readonly meetings: MeetingsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(filter: { meetingId?: string; kind?: SurveyKind } = {}): Promise<SurveyView[]> {
    const rows = await this.surveys.list(filter);
    return Promise.all(rows.map((s) => this.view(s)));
  }

  async get(id: string): Promise<SurveyView> {
    const survey = await this.surveys.find(id);
    if (!survey) throw AppException.notFound('Enkäten', id);
    return this.view(survey);
  }

  async create(input: SurveyInput, actor: AuditActor): Promise<SurveyView> {
    const id = await this.dataSource.transaction(async (m) => {
      let meetingId: string | null = null;
      if (input.kind === 'evaluation') {
        if (!input.meetingId)
          throw AppException.validation('meetingId: en utvärdering hör till ett möte; välj mötet', {
            field: 'meetingId',
          });
        if (!(await this.meetings.find(input.meetingId, m)))
          throw AppException.validation(`meetingId: mötet finns inte (${input.meetingId})`, {
            field: 'meetingId',
          });
        meetingId = input.meetingId;
      } else if (input.meetingId) {
        throw AppException.validation('meetingId: bara en utvärdering hör till ett möte', {
          field: 'meetingId',
        });
      }
      const values = this.values(input.kind, meetingId, input, null);
      const id = await this.surveys.insert(m, values);
      await this.audit.record(
        {
          action: 'survey.created',
          actor,
          targetType: 'survey',
          targetId: id,
          details: {
            kind: values.kind,
            meetingId,
            title: values.titleSv,
            questions: values.questions.length,
          },
        },
        m,
      );
      return id;
    });
    return this.get(id);
  }

  async update(id: string, patch: SurveyTextsInput, actor: AuditActor): Promise<SurveyView> {
    await this.dataSource.transaction(async (m) => {
      const survey = await this.locked(m, id);
      const answered = await this.surveys.countResponses(id, m);
      if (answered > 0 && patch.questions !== undefined)
        throw AppException.conflict(
          `Enkäten har redan ${answered} svar, så frågorna kan inte längre ändras. Gör en ny enkät om frågorna behöver ändras.`,
          { responses: answered },
        );
      if (answered > 0 && patch.anonymous !== undefined && patch.anonymous !== survey.anonymous)
        throw AppException.conflict(
          `Enkäten har redan ${answered} svar, så den kan inte längre göras ${patch.anonymous ? 'anonym' : 'icke-anonym'}.`,
          { responses: answered },
        );
      const values = this.values(survey.kind, survey.meetingId, patch, survey);
      await this.surveys.update(m, id, values);
      await this.audit.record(
        {
          action: 'survey.updated',
          actor,
          targetType: 'survey',
          targetId: id,
          details: { fields: Object.keys(patch).sort() },
        },
        m,
      );
    });
    return this.get(id);
  }

  /** Deletes a survey not sent yet; a sent one is kept (its mailing and answers are part of the record). */
  async remove(id: string, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const survey = await this.locked(m, id);
      if (survey.mailingId)
        throw AppException.conflict('Enkäten är redan skickad och kan inte tas bort; stäng den i stället');
      await this.surveys.delete(m, id);
      await this.audit.record(
        {
          action: 'survey.deleted',
          actor,
          targetType: 'survey',
          targetId: id,
          details: { title: survey.titleSv },
        },
        m,
      );
    });
  }

  /** Closes the survey now: no more answers or changes to them. Closing a closed survey changes nothing. */
  async close(id: string, actor: AuditActor): Promise<SurveyView> {
    await this.dataSource.transaction(async (m) => {
      const survey = await this.locked(m, id);
      if (survey.closedAt) return;
      await this.surveys.setClosed(m, id, this.clock.now());
      await this.audit.record({ action: 'survey.closed', actor, targetType: 'survey', targetId: id }, m);
    });
    return this.get(id);
  }

  /** Opens a closed survey again (a closing time already passed is removed with it). */
  async reopen(id: string, actor: AuditActor): Promise<SurveyView> {
    await this.dataSource.transaction(async (m) => {
      const survey = await this.locked(m, id);
      const now = this.clock.now();
      const closesPassed = survey.closesAt !== null && survey.closesAt.getTime() <= now.getTime();
      if (!survey.closedAt && !closesPassed) return;
      await this.surveys.setClosed(m, id, null);
      if (closesPassed)
        await this.surveys.update(m, id, {
          ...this.values(survey.kind, survey.meetingId, {}, survey),
          closesAt: null,
        });
      await this.audit.record({ action: 'survey.reopened', actor, targetType: 'survey', targetId: id }, m);
    });
    return this.get(id);
  }

  async view(survey: Survey): Promise<SurveyView> {
    const status = surveyStatus(survey, this.clock.now());
    return {
      ...survey,
      kindLabel: SURVEY_KIND_LABELS[survey.kind],
      status,
      statusLabel: SURVEY_STATUS_LABELS[status],
      responses: await this.surveys.countResponses(survey.id),
    };
  }

  private async locked(m: EntityManager, id: string): Promise<Survey> {
    const survey = await this.surveys.lock(m, id);
    if (!survey) throw AppException.notFound('Enkäten', id);
    return survey;
  }

  /** The stored values: the input over what the survey has (`before`, null for a new one), checked. */
  private values(
    kind: SurveyKind,
    meetingId: string | null,
    input: SurveyTextsInput,
    before: Survey | null,
  ): SurveyValues {
    const pick = <K extends keyof SurveyTextsInput>(key: K, old: SurveyTextsInput[K]) =>
      input[key] === undefined ? old : input[key];
    const titleSv = checkedText('titleSv', pick('titleSv', before?.titleSv), SURVEY_LIMITS.title, 'line');
    if (!titleSv)
      throw AppException.validation('titleSv: ge enkäten ett namn på svenska', { field: 'titleSv' });
    return {
      kind,
      meetingId,
      titleSv,
      titleEn: checkedText('titleEn', pick('titleEn', before?.titleEn ?? null), SURVEY_LIMITS.title, 'line'),
      introSv: checkedText('introSv', pick('introSv', before?.introSv ?? null), SURVEY_LIMITS.intro, 'text'),
      introEn: checkedText('introEn', pick('introEn', before?.introEn ?? null), SURVEY_LIMITS.intro, 'text'),
      anonymous: input.anonymous ?? before?.anonymous ?? false,
      questions:
        input.questions !== undefined ? checkedQuestions(input.questions) : (before?.questions ?? []),
      closesAt: input.closesAt !== undefined ? checkedClosesAt(input.closesAt) : (before?.closesAt ?? null),
    };
  }
}
