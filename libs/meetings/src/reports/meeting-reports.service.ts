import { AppException } from '@app/common';
import { LedgerRepository, StatusCounts } from '@app/sending';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MeetingReportSection, MeetingReportSections } from './meeting-report-sections';
import { MeetingReportsRepository } from './meeting-reports.repository';
import type {
  MeetingReport,
  ResponseListRow,
  RoundRegionRow,
  RoundReport,
  SendMailingNumbers,
  SendReport,
} from './report-types';

const AGREED = new Set(['agreed', 'meeting_scheduled', 'meeting_held']);

function outcomeOf(status: string): RoundRegionRow['outcome'] {
  if (AGREED.has(status)) return 'agreed';
  if (status === 'interested') return 'interested';
  if (status === 'declined') return 'declined';
  if (status === 'asked' || status === 'no_answer') return 'no_answer';
  return 'not_asked';
}

function delivery(counts: StatusCounts) {
  return {
    audience: Object.values(counts).reduce((a, b) => a + b, 0),
    sent: counts.sent,
    failed: counts.failed_permanent,
    retrying: counts.failed_temporary,
    suppressed: counts.suppressed,
    withdrawn: counts.withdrawn,
    waiting: counts.pending + counts.sending,
    uncertain: counts.uncertain,
  };
}

/**
 * The reports on sends, meetings and rounds: read only, from the meetings tables (MeetingReportsRepository)
 * and the sending ledger (LedgerRepository). The definitions of each figure are on the report types.
 */
@Injectable()
export class MeetingReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: MeetingReportsRepository,
    private readonly ledger: LedgerRepository,
    private readonly sections: MeetingReportSections,
  ) {}

  async meetingReport(meetingId: string): Promise<MeetingReport> {
    const meeting = await this.reports.meeting(meetingId);
    if (!meeting) throw AppException.notFound('Mötet', meetingId);
    const [numbers, byOrganization, byRegion, needs, diets, sections] = await Promise.all([
      this.reports.numbersOf([meetingId]),
      this.reports.byOrganization(meetingId),
      this.reports.byRegion(meetingId),
      this.reports.needs(meetingId),
      this.reports.diets(meetingId),
      this.sections.sectionsOf([meetingId]),
    ]);
    return {
      meeting,
      numbers: numbers.get(meetingId)!,
      byOrganization,
      byRegion,
      needs,
      diets,
      sections: sections.get(meetingId) ?? [],
    };
  }

  /** A meeting's list for export: everyone on it, the attended, or the evening's list. */
  async meetingList(
    meetingId: string,
    which: 'all' | 'attended' | 'expected',
  ): Promise<{ meeting: MeetingReport['meeting']; rows: ResponseListRow[] }> {
    const meeting = await this.reports.meeting(meetingId);
    if (!meeting) throw AppException.notFound('Mötet', meetingId);
    return { meeting, rows: await this.reports.responseList(meetingId, which) };
  }

  async roundReport(roundId: string): Promise<RoundReport> {
    const round = await this.reports.round(roundId);
    if (!round) throw AppException.notFound('Omgången', roundId);
    const [regionRows, meetings, participation, members, partners] = await Promise.all([
      this.reports.roundRegions(roundId),
      this.reports.meetingsOfRound(roundId),
      this.reports.roundParticipation(roundId),
      this.reports.organizationsPresent(roundId, 'member'),
      this.reports.organizationsPresent(roundId, 'partner'),
    ]);
    const numbers = await this.reports.numbersOf(meetings.map((m) => m.id));
    const rows: RoundRegionRow[] = regionRows.map((r) => ({ ...r, outcome: outcomeOf(r.status) }));
    const count = (outcome: RoundRegionRow['outcome']) => rows.filter((r) => r.outcome === outcome).length;
    const live = meetings.filter((m) => m.status !== 'cancelled');
    const held = live.filter((m) => m.status === 'held' || (numbers.get(m.id)?.attended ?? 0) > 0);
    return {
      round,
      regions: {
        total: rows.length,
        asked: rows.length - count('not_asked'),
        interested: count('interested'),
        agreed: count('agreed'),
        declined: count('declined'),
        noAnswer: count('no_answer'),
        notAsked: count('not_asked'),
        rows,
      },
      meetingsHeld: held.length,
      meetingsPlanned: live.length - held.length,
      meetingsCancelled: meetings.length - live.length,
      distinctParticipants: participation.distinctParticipants,
      attendances: participation.attendances,
      memberOrganizations: {
        total: members.length,
        present: members.filter((o) => o.present).length,
        presentNames: members.filter((o) => o.present).map((o) => o.name),
        missingNames: members.filter((o) => !o.present).map((o) => o.name),
      },
      partnerOrganizationsPresent: partners.filter((o) => o.present).map((o) => o.name),
      meetings: meetings.map((meeting) => ({ meeting, numbers: numbers.get(meeting.id)! })),
    };
  }

  /** The sections other libs add to each of the meetings (for the round workbook's per-meeting sheets). */
  sectionsOf(meetingIds: string[]): Promise<Map<string, MeetingReportSection[]>> {
    return this.sections.sectionsOf(meetingIds);
  }

  /** The attended of each of the round's meetings (for the workbook's sheets). */
  async roundParticipants(meetingIds: string[]): Promise<Map<string, ResponseListRow[]>> {
    const out = new Map<string, ResponseListRow[]>(meetingIds.map((id) => [id, []]));
    for (const { meetingId, ...row } of await this.reports.attendedOf(meetingIds))
      out.get(meetingId)?.push(row);
    return out;
  }

  /**
   * A host request or invitation and its reminders: delivery from the ledger, bounces and unsubscribes from
   * the suppression list, and the answers of the people in the first mailing's ledger (the audience).
   */
  async sendReport(sendId: string): Promise<SendReport> {
    const send = await this.reports.send(sendId);
    if (!send) throw AppException.notFound('Utskicket', sendId);
    const reminders = await this.reports.reminderMailings(sendId);
    const parts = [
      ...(send.mailingId ? [{ mailingId: send.mailingId, kind: 'send' as const, sequence: 0 }] : []),
      ...reminders.map((r, i) => ({ mailingId: r.mailingId, kind: r.kind, sequence: i + 1 })),
    ];
    const ids = parts.map((p) => p.mailingId);
    const [report, mailings, audience] = await Promise.all([
      this.ledger.deliveryReport(ids),
      Promise.all(ids.map((id) => this.ledger.findMailing(id))),
      send.mailingId ? this.ledger.contactsOf(this.dataSource.manager, send.mailingId) : Promise.resolve([]),
    ]);
    const contactIds = audience.map((a) => a.contactId);
    const answers = await this.reports.answersAmong(
      send.kind === 'invitation' && send.meetingId
        ? { meetingId: send.meetingId }
        : { roundId: send.roundId },
      contactIds,
    );
    const keys =
      send.kind === 'invitation' ? ['yes', 'no', 'maybe', 'waitlisted', 'cancelled'] : ['yes', 'maybe', 'no'];
    const answerCounts = Object.fromEntries(keys.map((k) => [k, answers[k] ?? 0]));
    const answered = Object.values(answerCounts).reduce((a, b) => a + b, 0);
    const numbers: SendMailingNumbers[] = parts.map((p, i) => ({
      mailingId: p.mailingId,
      sequence: p.sequence,
      kind: p.kind,
      title: mailings[i]?.title ?? '',
      startedAt: mailings[i]?.startedAt ?? new Date(0),
      ...delivery(report.byMailing.get(p.mailingId)!),
    }));
    const first = numbers[0] ?? delivery(this.emptyCounts());
    return {
      send: {
        id: send.id,
        kind: send.kind,
        title: send.title,
        roundId: send.roundId,
        meetingId: send.meetingId,
        status: send.status,
        startedAt: send.startedAt,
      },
      audience: first.audience,
      sent: first.sent,
      failed: first.failed,
      retrying: first.retrying,
      suppressed: first.suppressed,
      uncertain: first.uncertain,
      waiting: first.waiting,
      bounced: report.bounced,
      unsubscribed: report.unsubscribed,
      answers: answerCounts,
      noAnswer: Math.max(0, contactIds.length - answered),
      mailings: numbers,
    };
  }

  private emptyCounts(): StatusCounts {
    return {
      pending: 0,
      sending: 0,
      sent: 0,
      failed_temporary: 0,
      failed_permanent: 0,
      suppressed: 0,
      uncertain: 0,
      withdrawn: 0,
    };
  }
}
