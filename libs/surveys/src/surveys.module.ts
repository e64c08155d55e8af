import { AuditModule } from '@app/audit';
import { CrmModule } from '@app/crm';
import { MailModule } from '@app/mail';
import { MeetingsModule } from '@app/meetings';
import { SendingModule } from '@app/sending';
import { Module } from '@nestjs/common';
import { SurveyPageService } from './answers/survey-page.service';
import { SurveysPersonalData } from './personal-data/surveys-personal-data.holder';
import { SurveyResultsService } from './results/survey-results.service';
import { SurveyLinks } from './sends/survey-links';
import { SurveyMailingHooks } from './sends/survey-mailing.hooks';
import { SurveyRenderSource } from './sends/survey-render-source';
import { SurveySendsService } from './sends/survey-sends.service';
import { SurveysRepository } from './surveys/surveys.repository';
import { SurveysService } from './surveys/surveys.service';

const SURVEY_SERVICES = [
  SurveysRepository,
  SurveysService,
  SurveyLinks,
  SurveySendsService,
  SurveyPageService,
  SurveyResultsService,
];

/**
 * Surveys: the evaluation of a meeting (to those who came) and the annual member survey (to lists and
 * segments). Sent through the sending engine (a render source for purpose `survey`, hooks for scope `survey`),
 * answered on /s/TOKEN, reported on its own and inside the meeting report (MeetingReportSections).
 */
@Module({
  imports: [AuditModule, CrmModule, MailModule, SendingModule, MeetingsModule],
  providers: [...SURVEY_SERVICES, SurveyMailingHooks, SurveyRenderSource, SurveysPersonalData],
  exports: [...SURVEY_SERVICES],
})
export class SurveysModule {}
