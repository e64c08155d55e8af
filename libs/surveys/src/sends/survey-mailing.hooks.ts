import { AuditService } from '@app/audit';
import { EngineTransition, Mailing, MailingHooks, SendingPorts } from '@app/sending';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SurveysRepository } from '../surveys/surveys.repository';
import { SURVEY_SCOPE } from './survey-sends.service';

/**
 * The engine's lifecycle hooks for survey sends (scope `survey`): the survey is locked first, as staff changes
 * do, and its send status follows what the engine does by itself.
 */
@Injectable()
export class SurveyMailingHooks implements MailingHooks, OnModuleInit {
  readonly scopeType = SURVEY_SCOPE;

  constructor(
    private readonly ports: SendingPorts,
    private readonly surveys: SurveysRepository,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.ports.registerHooks(this);
  }

  lockScope(mailing: Mailing, m: EntityManager): Promise<void> {
    return this.surveys.lockById(m, mailing.scopeId);
  }

  async onTransition(mailing: Mailing, transition: EngineTransition, m: EntityManager): Promise<void> {
    const target = { targetType: 'survey', targetId: mailing.scopeId };
    switch (transition.kind) {
      case 'finished':
        if (await this.surveys.setSendStatus(m, mailing.scopeId, 'sent', ['sending']))
          await this.audit.record(
            { action: 'survey.send_finished', ...target, details: transition.counts },
            m,
          );
        return;
      case 'paused':
        if (await this.surveys.setSendStatus(m, mailing.scopeId, 'paused', ['sending', 'sent']))
          await this.audit.record(
            {
              action: 'survey.send_paused',
              ...target,
              details: { reason: transition.reason, automatic: true },
            },
            m,
          );
        return;
      case 'reopened':
        if (await this.surveys.setSendStatus(m, mailing.scopeId, 'sending', ['sent']))
          await this.audit.record({ action: 'survey.send_reopened', ...target }, m);
        return;
    }
  }
}
