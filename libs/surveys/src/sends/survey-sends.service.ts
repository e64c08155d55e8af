import { AuditActor, AuditService } from '@app/audit';
import { AppException, Clock, isValidEmail, normaliseEmail } from '@app/common';
import { AudienceService, Contact } from '@app/crm';
import { TemplateCompiler, TemplatesService } from '@app/mail';
import { MeetingResponsesRepository } from '@app/meetings';
import {
  AudienceSource,
  LedgerRepository,
  MailingLifecycle,
  MailingProgress,
  MailingSpec,
} from '@app/sending';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Survey, SurveyAudience } from '../surveys/survey-types';
import { SendValues, SurveysRepository } from '../surveys/surveys.repository';

/** The mailing scope type of a survey's send (its id is the survey's). */
export const SURVEY_SCOPE = 'survey';

/** The built-in template a survey send uses when staff choose none. */
export const SURVEY_TEMPLATE_KEY = 'enkat';

export interface SurveySendInput {
  templateId?: string;
  subject?: string | null;
  fromName: string;
  fromAddress: string;
  replyTo?: string | null;
  /** The member survey's lists and segments; an evaluation goes to the meeting's attendees and takes none. */
  audience?: SurveyAudience;
}

export interface SurveySendProgress {
  sendStatus: Survey['sendStatus'];
  progress: MailingProgress | null;
}

/**
 * Sends a survey through the one sending engine: one mailing (scope `survey`, the survey's id) with its audience
 * snapshotted when it starts. An evaluation goes to exactly those recorded as attended at its meeting (walk-ins
 * included, asked of the meetings lib); the member survey to the chosen lists and segments. Suppression, the
 * claim and `uncertain` rows are the engine's. A survey is sent once.
 */
@Injectable()
export class SurveySendsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly surveys: SurveysRepository,
    private readonly responses: MeetingResponsesRepository,
    private readonly audiences: AudienceService,
    private readonly templates: TemplatesService,
    private readonly compiler: TemplateCompiler,
    private readonly lifecycle: MailingLifecycle,
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async start(id: string, input: SurveySendInput, actor: AuditActor): Promise<SurveySendProgress> {
    const started = await this.dataSource.transaction(async (m) => {
      const survey = await this.surveys.lock(m, id);
      if (!survey) throw AppException.notFound('Enkäten', id);
      if (survey.mailingId) throw AppException.conflict('Enkäten är redan skickad; den skickas bara en gång');
      if (survey.closedAt || (survey.closesAt && survey.closesAt.getTime() <= this.clock.now().getTime()))
        throw AppException.conflict('Enkäten är stängd och kan inte skickas');
      if (survey.questions.length === 0)
        throw AppException.conflict('Enkäten har inga frågor än; lägg till frågor innan den skickas');
      const send = await this.checked(m, survey, input);
      const template = await this.templates.findTemplate(send.templateId, m);
      if (!template?.currentVersionId)
        throw AppException.conflict('Mallen har ingen sparad version att skicka');
      const spec: MailingSpec = {
        purpose: 'survey',
        scope: { type: SURVEY_SCOPE, id },
        title: survey.titleSv,
        templateVersionId: template.currentVersionId,
        subject: send.subject,
        fromName: send.fromName,
        fromAddress: send.fromAddress,
        replyTo: send.replyTo,
        rateLimitPerMinute: null,
      };
      const audience: AudienceSource = survey.meetingId
        ? async (mm) => this.responses.attendeesAudience(mm, survey.meetingId!)
        : (mm) => this.memberAudience(mm, send.audience ?? {});
      const { mailingId, counts } = await this.lifecycle.start(m, spec, audience);
      await this.surveys.markStarted(m, id, send, mailingId, this.clock.now());
      await this.audit.record(
        {
          action: 'survey.sent',
          actor,
          targetType: 'survey',
          targetId: id,
          details: {
            mailingId,
            templateVersionId: template.currentVersionId,
            recipients: counts.pending,
            suppressed: counts.suppressed,
          },
        },
        m,
      );
      return { mailingId, empty: counts.pending === 0 };
    });
    await this.lifecycle.enqueue(started.mailingId);
    if (started.empty) await this.lifecycle.finishIfDone(started.mailingId);
    return this.progress(id);
  }

  /** Resumes a send the engine paused by itself (a run of failures). */
  async resume(id: string, actor: AuditActor): Promise<SurveySendProgress> {
    const mailingId = await this.dataSource.transaction(async (m) => {
      const survey = await this.surveys.lock(m, id);
      if (!survey) throw AppException.notFound('Enkäten', id);
      if (survey.sendStatus !== 'paused' || !survey.mailingId)
        throw AppException.conflict('Enkätens utskick är inte pausat');
      await this.lifecycle.resume(m, survey.mailingId);
      await this.surveys.setSendStatus(m, id, 'sending', ['paused']);
      await this.audit.record(
        { action: 'survey.send_resumed', actor, targetType: 'survey', targetId: id },
        m,
      );
      return survey.mailingId;
    });
    await this.lifecycle.enqueue(mailingId);
    return this.progress(id);
  }

  async progress(id: string): Promise<SurveySendProgress> {
    const survey = await this.surveys.find(id);
    if (!survey) throw AppException.notFound('Enkäten', id);
    return {
      sendStatus: survey.sendStatus,
      progress: survey.mailingId ? await this.lifecycle.progress(survey.mailingId) : null,
    };
  }

  /** How many the survey went to: its ledger rows sent (null before it is sent). */
  async sentCount(survey: Survey): Promise<number | null> {
    if (!survey.mailingId) return null;
    return (await this.ledger.counts(survey.mailingId)).sent;
  }

  /** Anyone in one of the lists or segments, through the CRM's AudienceService (each part a subquery). */
  private async memberAudience(
    m: EntityManager,
    audience: SurveyAudience,
  ): Promise<SelectQueryBuilder<Contact>> {
    const parts: { sql: string; params: Record<string, unknown> }[] = [];
    let n = 0;
    const add = (qb: SelectQueryBuilder<Contact>) => {
      const prefix = `sv${n++}`;
      const [sql, values] = qb.clone().select('c.id').orderBy().getQueryAndParameters();
      const params: Record<string, unknown> = {};
      values.forEach((v, i) => (params[`${prefix}_${i + 1}`] = v));
      parts.push({ sql: sql.replace(/\$(\d+)/g, (_, k: string) => `:${prefix}_${k}`), params });
    };
    for (const listId of audience.listIds ?? []) add(await this.audiences.queryFor({ listId }, m));
    for (const segmentId of audience.segmentIds ?? []) add(await this.audiences.queryFor({ segmentId }, m));
    const qb = m.getRepository(Contact).createQueryBuilder('c');
    if (parts.length === 0) return qb.where('false');
    return qb.where(
      new Brackets((or) => {
        for (const p of parts) or.orWhere(`c.id IN (${p.sql})`, p.params);
      }),
    );
  }

  /** The template (purpose survey, not archived), sender, subject and audience, checked. */
  private async checked(m: EntityManager, survey: Survey, input: SurveySendInput): Promise<SendValues> {
    const templateId = input.templateId ?? (await this.templates.findBuiltIn(SURVEY_TEMPLATE_KEY, m))?.id;
    if (!templateId)
      throw AppException.validation('templateId: välj en mall för enkäten', { field: 'templateId' });
    const template = await this.templates.findTemplate(templateId, m);
    if (!template)
      throw AppException.validation(`templateId: mallen finns inte (${templateId})`, { field: 'templateId' });
    if (template.archived)
      throw AppException.validation(`templateId: mallen "${template.name}" är arkiverad`, {
        field: 'templateId',
      });
    if (template.purpose !== 'survey')
      throw AppException.validation(
        `templateId: mallen "${template.name}" är gjord för ett annat slags utskick (${template.purpose}); här behövs en mall för enkäter`,
        { field: 'templateId', purpose: template.purpose, expected: 'survey' },
      );
    const fromName = input.fromName?.trim() ?? '';
    if (!fromName) throw AppException.validation('fromName: ange avsändarens namn', { field: 'fromName' });
    const fromAddress = normaliseEmail(input.fromAddress ?? '');
    if (!isValidEmail(fromAddress))
      throw AppException.validation(`fromAddress: "${input.fromAddress}" är ingen giltig e-postadress`, {
        field: 'fromAddress',
      });
    const replyTo = input.replyTo?.trim() ? normaliseEmail(input.replyTo) : null;
    if (replyTo && !isValidEmail(replyTo))
      throw AppException.validation(`replyTo: "${input.replyTo}" är ingen giltig e-postadress`, {
        field: 'replyTo',
      });
    const subject = input.subject?.trim() ? input.subject.trim() : null;
    if (subject) this.compiler.compileSubject(subject, 'survey');
    let audience: SurveyAudience | null = null;
    if (survey.kind === 'evaluation') {
      if (input.audience?.listIds?.length || input.audience?.segmentIds?.length)
        throw AppException.validation(
          'audience: en utvärdering går till dem som var på mötet; listor och segment väljs bara för medlemsenkäten',
          { field: 'audience' },
        );
    } else {
      audience = {
        listIds: [...new Set(input.audience?.listIds ?? [])],
        segmentIds: [...new Set(input.audience?.segmentIds ?? [])],
      };
      if (audience.listIds!.length + audience.segmentIds!.length === 0)
        throw AppException.validation('audience: välj vilka listor eller segment enkäten går till', {
          field: 'audience',
        });
      try {
        for (const listId of audience.listIds!) await this.audiences.filterFor({ listId }, m);
        for (const segmentId of audience.segmentIds!) await this.audiences.filterFor({ segmentId }, m);
      } catch (err) {
        if (err instanceof AppException)
          throw AppException.validation(`audience: ${err.message}`, { field: 'audience' });
        throw err;
      }
    }
    return { templateId, fromName, fromAddress, replyTo, subject, audience };
  }
}
