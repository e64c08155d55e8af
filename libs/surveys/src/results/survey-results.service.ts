import { AuditActor, AuditService } from '@app/audit';
import { AppException, Clock, formatStockholmDate } from '@app/common';
import {
  MeetingReportSection,
  MeetingReportSections,
  MeetingReportSectionSource,
  REPORT_CONTENT_TYPES,
  reportCsv,
  ReportFile,
  ReportFormat,
  reportXlsx,
} from '@app/meetings';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { SurveySendsService } from '../sends/survey-sends.service';
import { Survey, surveyStatus } from '../surveys/survey-types';
import { SurveysRepository } from '../surveys/surveys.repository';
import { questionResults, responseRate, SurveyResults } from './survey-results';
import { resultSheets, resultTables } from './survey-tables';

/**
 * A survey's results (per question the distribution, a rating's average, free texts; answered / sent) as JSON
 * and as files (CSV in the Swedish Excel dialect and XLSX, every text cell through the formula guard), and the
 * evaluation section of the meeting report and round workbook, registered with meetings' MeetingReportSections.
 */
@Injectable()
export class SurveyResultsService implements MeetingReportSectionSource, OnModuleInit {
  readonly key = 'evaluation';

  constructor(
    private readonly surveys: SurveysRepository,
    private readonly sends: SurveySendsService,
    private readonly sections: MeetingReportSections,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  async results(id: string): Promise<SurveyResults> {
    const survey = await this.surveys.find(id);
    if (!survey) throw AppException.notFound('Enkäten', id);
    return this.resultsOf(survey);
  }

  async file(id: string, format: ReportFormat, actor: AuditActor): Promise<ReportFile> {
    const results = await this.results(id);
    const body =
      format === 'csv' ? reportCsv(resultTables(results)) : await reportXlsx(resultSheets(results));
    await this.audit.record({
      action: 'export.survey_results',
      actor,
      targetType: 'survey',
      targetId: id,
      details: { format },
    });
    return {
      filename: `enkatresultat-${id.slice(0, 8)}-${formatStockholmDate(this.clock.now())}.${format}`,
      contentType: REPORT_CONTENT_TYPES[format],
      body,
    };
  }

  /** Each meeting's evaluation surveys as report sections ("Utvärdering", or with its title when several). */
  async sectionsOf(meetingIds: string[]): Promise<Map<string, MeetingReportSection[]>> {
    const out = new Map<string, MeetingReportSection[]>();
    const surveys = await this.surveys.ofMeetings(meetingIds);
    for (const survey of surveys) {
      const several = surveys.filter((s) => s.meetingId === survey.meetingId).length > 1;
      const section: MeetingReportSection = {
        key: this.key,
        title: several ? `Utvärdering ${survey.titleSv}` : 'Utvärdering',
        tables: resultTables(await this.resultsOf(survey)),
      };
      out.set(survey.meetingId!, [...(out.get(survey.meetingId!) ?? []), section]);
    }
    return out;
  }

  private async resultsOf(survey: Survey): Promise<SurveyResults> {
    const [rows, sent] = await Promise.all([this.surveys.responses(survey.id), this.sends.sentCount(survey)]);
    return {
      survey: {
        id: survey.id,
        kind: survey.kind,
        title: survey.titleSv,
        meetingId: survey.meetingId,
        anonymous: survey.anonymous,
        status: surveyStatus(survey, this.clock.now()),
      },
      sent,
      answered: rows.length,
      responseRate: responseRate(rows.length, sent),
      questions: questionResults(
        survey.questions,
        rows.map((r) => r.answers),
      ),
    };
  }
}
