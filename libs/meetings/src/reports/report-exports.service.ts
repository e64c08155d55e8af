import { AuditActor, AuditService } from '@app/audit';
import { Clock, formatStockholmDate } from '@app/common';
import { Injectable } from '@nestjs/common';
import { MeetingReportsService } from './meeting-reports.service';
import {
  REPORT_CONTENT_TYPES,
  ReportFormat,
  ReportSheet,
  ReportTable,
  reportCsv,
  reportXlsx,
} from './report-files';
import {
  allTables,
  listTable,
  meetingReportSheets,
  roundReportCsvTables,
  roundReportSheets,
  sendReportSheets,
} from './report-tables';

/** A finished report file: small enough (one meeting, one round) to be made whole before it is sent. */
export interface ReportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

export type MeetingListKind = 'responses' | 'attendance';

/**
 * The reports and lists as files: CSV in the project's Swedish Excel dialect and XLSX, every text cell through
 * the formula guard. Each export is audited with what it was of, never with the people in it.
 */
@Injectable()
export class ReportExportsService {
  constructor(
    private readonly reports: MeetingReportsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async meetingReport(meetingId: string, format: ReportFormat, actor: AuditActor): Promise<ReportFile> {
    const report = await this.reports.meetingReport(meetingId);
    const sheets = meetingReportSheets(report);
    return this.file('motesrapport', sheets, allTables(sheets), format, actor, {
      action: 'export.meeting_report',
      targetType: 'meeting',
      targetId: meetingId,
    });
  }

  /** responses: everyone on the meeting's list; attendance: the evening's list (expected or recorded). */
  async meetingList(
    meetingId: string,
    kind: MeetingListKind,
    format: ReportFormat,
    actor: AuditActor,
  ): Promise<ReportFile> {
    const { rows } = await this.reports.meetingList(meetingId, kind === 'responses' ? 'all' : 'expected');
    const table = listTable(rows);
    const name = kind === 'responses' ? 'Svar' : 'Närvaro';
    return this.file(
      kind === 'responses' ? 'svarslista' : 'narvarolista',
      [{ name, tables: [table] }],
      [table],
      format,
      actor,
      {
        action: kind === 'responses' ? 'export.meeting_responses' : 'export.meeting_attendance',
        targetType: 'meeting',
        targetId: meetingId,
        rowCount: rows.length,
      },
    );
  }

  async roundReport(roundId: string, format: ReportFormat, actor: AuditActor): Promise<ReportFile> {
    const report = await this.reports.roundReport(roundId);
    const meetingIds = report.meetings.map((m) => m.meeting.id);
    const [participants, sections] =
      format === 'xlsx'
        ? await Promise.all([this.reports.roundParticipants(meetingIds), this.reports.sectionsOf(meetingIds)])
        : [new Map(), new Map()];
    return this.file(
      'omgangsrapport',
      roundReportSheets(report, participants, sections),
      roundReportCsvTables(report),
      format,
      actor,
      { action: 'export.round_report', targetType: 'round', targetId: roundId },
    );
  }

  async sendReport(sendId: string, format: ReportFormat, actor: AuditActor): Promise<ReportFile> {
    const report = await this.reports.sendReport(sendId);
    const sheets = sendReportSheets(report);
    return this.file('utskicksrapport', sheets, allTables(sheets), format, actor, {
      action: 'export.send_report',
      targetType: 'outreach_send',
      targetId: sendId,
    });
  }

  private async file(
    basename: string,
    sheets: ReportSheet[],
    csvTables: ReportTable[],
    format: ReportFormat,
    actor: AuditActor,
    audit: { action: string; targetType: string; targetId: string; rowCount?: number },
  ): Promise<ReportFile> {
    const body = format === 'csv' ? reportCsv(csvTables) : await reportXlsx(sheets);
    await this.audit.record({
      action: audit.action,
      actor,
      targetType: audit.targetType,
      targetId: audit.targetId,
      details: { format, ...(audit.rowCount !== undefined ? { rowCount: audit.rowCount } : {}) },
    });
    return {
      filename: `${basename}-${audit.targetId.slice(0, 8)}-${formatStockholmDate(this.clock.now())}.${format}`,
      contentType: REPORT_CONTENT_TYPES[format],
      body,
    };
  }
}
