import { formatStockholmDate, formatStockholmDateTime } from '@app/common';
import { MEETING_STATUS_LABELS } from '../meetings/meeting.entity';
import { RESPONSE_STATE_LABELS } from '../responses/meeting-response.entity';
import { HOSTING_STATUS_LABELS } from '../rounds/hosting-status';
import type { MeetingReportSection } from './meeting-report-sections';
import type { ReportSheet, ReportTable } from './report-files';
import type {
  MeetingNumbers,
  MeetingReport,
  MeetingSummary,
  ResponseListRow,
  RoundRegionRow,
  RoundReport,
  SendReport,
} from './report-types';

const ANSWER_LABELS: Record<string, string> = {
  yes: 'Ja',
  no: 'Nej',
  maybe: 'Kanske',
  waitlisted: 'Väntelista',
  cancelled: 'Avanmäld',
};
const ATTENDANCE_LABELS: Record<string, string> = { attended: 'Närvarade', no_show: 'Uteblev' };
const KIND_LABELS: Record<string, string> = {
  member: 'medlem',
  partner: 'partner',
  region: 'region',
  other: 'annan',
};
const OUTCOME_LABELS: Record<RoundRegionRow['outcome'], string> = {
  agreed: 'Ja, värd',
  interested: 'Intresserad',
  declined: 'Avböjt',
  no_answer: 'Inget svar',
  not_asked: 'Inte tillfrågad',
};
const HOST_ANSWER_LABELS: Record<string, string> = { yes: 'Ja', maybe: 'Kanske', no: 'Nej' };
const SEND_KIND_LABELS: Record<string, string> = {
  host_request: 'Värdförfrågan',
  invitation: 'Inbjudan',
  send: 'Utskicket',
  no_answer: 'Påminnelse (inget svar)',
  attending: 'Påminnelse (anmälda)',
};

const label = (labels: Record<string, string>, value: string | null) =>
  value === null ? '' : (labels[value] ?? value);
const yesNo = (value: boolean) => (value ? 'ja' : 'nej');

/** "2027-03-14 18:00–20:00" in Stockholm time. */
export function meetingTime(m: Pick<MeetingSummary, 'startsAt' | 'endsAt'>): string {
  const start = formatStockholmDateTime(new Date(m.startsAt));
  const end = formatStockholmDateTime(new Date(m.endsAt));
  return start.slice(0, 10) === end.slice(0, 10) ? `${start}–${end.slice(11)}` : `${start}–${end}`;
}

function meetingFacts(m: MeetingSummary): ReportTable {
  return {
    title: m.title,
    headers: ['Uppgift', 'Värde'],
    rows: [
      ['Region', m.regionName],
      ['Tid', meetingTime(m)],
      ['Plats', [m.venue, m.city].filter(Boolean).join(', ')],
      ['Status', MEETING_STATUS_LABELS[m.status] ?? m.status],
    ],
  };
}

/** The figures of a meeting, one per line, with the definitions staff ask about. */
export function numbersTable(n: MeetingNumbers, title = 'Siffror'): ReportTable {
  return {
    title,
    headers: ['Uppgift', 'Antal'],
    rows: [
      ['Inbjudna', n.invited],
      ['Ja', n.yes],
      ['Nej', n.no],
      ['Kanske', n.maybe],
      ['Inget svar', n.noAnswer],
      ['Väntelista', n.waitlisted],
      ['Avanmälda', n.cancelled],
      ['Närvarade (även spontanbesökare)', n.attended],
      ['Uteblev', n.noShow],
      ['Spontanbesökare', n.walkIns],
    ],
  };
}

export const LIST_HEADERS = [
  'Förnamn',
  'Efternamn',
  'E-post',
  'Organisation',
  'Organisationstyp',
  'Region',
  'Svar',
  'Närvaro',
  'Status',
  'Kost',
  'Tillgänglighet',
  'Kommentar',
  'Sällskap',
  'Inbjuden',
  'Spontanbesök',
  'Svarade',
];

/** A meeting's list (responses, attendance) as one flat table. */
export function listTable(rows: ResponseListRow[]): ReportTable {
  return {
    headers: LIST_HEADERS,
    rows: rows.map((r) => [
      r.firstName,
      r.lastName,
      r.email,
      r.organizationName,
      label(KIND_LABELS, r.organizationKind),
      r.regionName,
      label(ANSWER_LABELS, r.answer),
      label(ATTENDANCE_LABELS, r.attendance),
      RESPONSE_STATE_LABELS[r.state] ?? r.state,
      r.diet,
      r.accessibility,
      r.comment,
      r.companions.join(', '),
      yesNo(r.invited),
      yesNo(r.walkIn),
      r.answeredAt ? formatStockholmDateTime(new Date(r.answeredAt)) : null,
    ]),
  };
}

/** The attended of a meeting, for a funder: no addresses. */
function participantsTable(rows: ResponseListRow[]): ReportTable {
  return {
    title: 'Deltagare',
    headers: ['Förnamn', 'Efternamn', 'Organisation', 'Organisationstyp', 'Region', 'Svar', 'Spontanbesök'],
    rows: rows.map((r) => [
      r.firstName,
      r.lastName,
      r.organizationName,
      label(KIND_LABELS, r.organizationKind),
      r.regionName,
      label(ANSWER_LABELS, r.answer),
      yesNo(r.walkIn),
    ]),
  };
}

export function meetingReportSheets(report: MeetingReport): ReportSheet[] {
  return [
    { name: 'Sammanfattning', tables: [meetingFacts(report.meeting), numbersTable(report.numbers)] },
    {
      name: 'Per organisation',
      tables: [
        {
          headers: ['Organisation', 'Organisationstyp', 'Inbjudna', 'Ja', 'Närvarade'],
          rows: report.byOrganization.map((r) => [
            r.id ? r.name : 'Utan organisation',
            label(KIND_LABELS, r.kind),
            r.invited,
            r.yes,
            r.attended,
          ]),
        },
      ],
    },
    {
      name: 'Per region',
      tables: [
        {
          headers: ['Region', 'Inbjudna', 'Ja', 'Närvarade'],
          rows: report.byRegion.map((r) => [r.id ? r.name : 'Utan region', r.invited, r.yes, r.attended]),
        },
      ],
    },
    {
      name: 'Kost och tillgänglighet',
      tables: [
        {
          headers: ['Förnamn', 'Efternamn', 'Organisation', 'Status', 'Kost', 'Tillgänglighet'],
          rows: report.needs.map((r) => [
            r.firstName,
            r.lastName,
            r.organizationName,
            RESPONSE_STATE_LABELS[r.state] ?? r.state,
            r.diet,
            r.accessibility,
          ]),
        },
        {
          title: 'Kost, antal',
          headers: ['Kost', 'Antal'],
          rows: report.diets.map((d) => [d.diet, d.count]),
        },
      ],
    },
    ...report.sections.map((section) => ({ name: section.title, tables: section.tables })),
  ];
}

/** Each sheet's tables, in order: what the CSV of a report holds. */
export function allTables(sheets: ReportSheet[]): ReportTable[] {
  return sheets.flatMap((s) => s.tables.map((t, i) => (i === 0 && !t.title ? { ...t, title: s.name } : t)));
}

function roundSummaryTables(report: RoundReport): ReportTable[] {
  const r = report.regions;
  const members = report.memberOrganizations;
  return [
    {
      title: report.round.name,
      headers: ['Uppgift', 'Värde'],
      rows: [
        ['Beskrivning', report.round.description],
        ['Sista svarsdag för värdskap', report.round.responseDeadline],
        ['Rapporten gjord', formatStockholmDateTime(new Date())],
      ],
    },
    {
      title: 'Siffror',
      headers: ['Uppgift', 'Antal'],
      rows: [
        ['Regioner', r.total],
        ['Regioner tillfrågade', r.asked],
        ['Regioner som sagt ja (även med möte planerat eller genomfört)', r.agreed],
        ['Regioner intresserade (kanske)', r.interested],
        ['Regioner som avböjt', r.declined],
        ['Regioner utan svar', r.noAnswer],
        ['Regioner inte tillfrågade', r.notAsked],
        ['Möten genomförda', report.meetingsHeld],
        ['Möten planerade', report.meetingsPlanned],
        ['Möten inställda', report.meetingsCancelled],
        ['Deltagare (unika personer)', report.distinctParticipants],
        ['Närvarotillfällen', report.attendances],
        ['Medlemsorganisationer närvarande', members.present],
        ['Medlemsorganisationer totalt', members.total],
        ['Partnerorganisationer närvarande', report.partnerOrganizationsPresent.length],
      ],
    },
    {
      title: 'Regioner',
      headers: ['Region', 'Status', 'Utfall', 'Värdsvar', 'Senaste händelse', 'Möten', 'Närvarade'],
      rows: r.rows.map((x) => [
        x.regionName,
        HOSTING_STATUS_LABELS[x.status] ?? x.status,
        OUTCOME_LABELS[x.outcome],
        label(HOST_ANSWER_LABELS, x.hostAnswer),
        x.lastActivityAt ? formatStockholmDateTime(new Date(x.lastActivityAt)) : null,
        x.meetings,
        x.attended,
      ]),
    },
    {
      title: 'Möten',
      headers: [
        'Möte',
        'Region',
        'Tid',
        'Status',
        'Inbjudna',
        'Ja',
        'Nej',
        'Kanske',
        'Inget svar',
        'Väntelista',
        'Avanmälda',
        'Närvarade',
        'Uteblev',
      ],
      rows: report.meetings.map(({ meeting: m, numbers: n }) => [
        m.title,
        m.regionName,
        meetingTime(m),
        MEETING_STATUS_LABELS[m.status] ?? m.status,
        n.invited,
        n.yes,
        n.no,
        n.maybe,
        n.noAnswer,
        n.waitlisted,
        n.cancelled,
        n.attended,
        n.noShow,
      ]),
    },
    {
      title: `Medlemsorganisationer: ${members.present} av ${members.total} deltog`,
      headers: ['Organisation', 'Deltog'],
      rows: [
        ...members.presentNames.map((name) => [name, 'ja']),
        ...members.missingNames.map((name) => [name, 'nej']),
      ],
    },
    {
      title: 'Partnerorganisationer som deltog',
      headers: ['Organisation'],
      rows: report.partnerOrganizationsPresent.map((name) => [name]),
    },
  ];
}

/**
 * The round as one workbook: "Sammanfattning" (the figures, the regions, the meetings, member organisations
 * present and missing, partners) and a sheet per meeting (its figures and participants), named by date and
 * region so the names are short, valid and tell the meetings apart.
 */
export function roundReportSheets(
  report: RoundReport,
  participants: Map<string, ResponseListRow[]>,
  sections: Map<string, MeetingReportSection[]> = new Map(),
): ReportSheet[] {
  return [
    { name: 'Sammanfattning', tables: roundSummaryTables(report) },
    ...report.meetings.map(({ meeting, numbers }) => ({
      name: `${formatStockholmDate(new Date(meeting.startsAt))} ${meeting.regionName.replace(/^Region /, '')}`,
      tables: [
        meetingFacts(meeting),
        numbersTable(numbers),
        participantsTable(participants.get(meeting.id) ?? []),
        // What other libs add (the evaluation survey's results), each table titled with its section.
        ...(sections.get(meeting.id) ?? []).flatMap((section) =>
          section.tables.map((table, i) =>
            i === 0 ? { ...table, title: table.title ?? section.title } : table,
          ),
        ),
      ],
    })),
  ];
}

/** The round as CSV: the summary's tables (one file cannot hold the per-meeting sheets; they are in "Möten"). */
export function roundReportCsvTables(report: RoundReport): ReportTable[] {
  return roundSummaryTables(report);
}

export function sendReportSheets(report: SendReport): ReportSheet[] {
  const answerRows = Object.entries(report.answers).map(
    ([answer, n]) => [`Svar: ${label(ANSWER_LABELS, answer)}`, n] as [string, number],
  );
  return [
    {
      name: 'Sammanfattning',
      tables: [
        {
          title: report.send.title,
          headers: ['Uppgift', 'Värde'],
          rows: [
            ['Typ', label(SEND_KIND_LABELS, report.send.kind)],
            ['Status', report.send.status],
            [
              'Startat',
              report.send.startedAt ? formatStockholmDateTime(new Date(report.send.startedAt)) : null,
            ],
          ],
        },
        {
          title: 'Siffror',
          headers: ['Uppgift', 'Antal'],
          rows: [
            ['Mottagare', report.audience],
            ['Skickade', report.sent],
            ['Misslyckade', report.failed],
            ['Försöker igen', report.retrying],
            ['Spärrade', report.suppressed],
            ['Osäkra', report.uncertain],
            ['Väntar', report.waiting],
            ['Studsade', report.bounced],
            ['Avregistrerade', report.unsubscribed],
            ...answerRows,
            ['Inget svar', report.noAnswer],
          ],
        },
      ],
    },
    {
      name: 'Utskick och påminnelser',
      tables: [
        {
          headers: [
            'Nr',
            'Typ',
            'Namn',
            'Startat',
            'Mottagare',
            'Skickade',
            'Misslyckade',
            'Försöker igen',
            'Spärrade',
            'Återkallade',
            'Osäkra',
            'Väntar',
          ],
          rows: report.mailings.map((m) => [
            m.sequence,
            label(SEND_KIND_LABELS, m.kind),
            m.title,
            formatStockholmDateTime(new Date(m.startedAt)),
            m.audience,
            m.sent,
            m.failed,
            m.retrying,
            m.suppressed,
            m.withdrawn,
            m.uncertain,
            m.waiting,
          ]),
        },
      ],
    },
  ];
}
