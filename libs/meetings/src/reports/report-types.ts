import type { HostAnswer, HostingStatus } from '../rounds/hosting-status';
import type { MeetingStatus } from '../meetings/meeting.entity';
import type { OutreachKind } from '../sends/outreach-send.entity';
import type { Attendance, ResponseState, RsvpAnswer } from '../responses/meeting-response.entity';
import type { MeetingReportSection } from './meeting-report-sections';

/**
 * The numbers of a meeting. Answer and attendance are counted apart: `yes` counts every answer yes whatever
 * the attendance, `attended` every attendance recorded as attended, walk-ins included.
 */
export interface MeetingNumbers {
  /** Rows that are invitations (walk-ins who were never invited are not). */
  invited: number;
  yes: number;
  no: number;
  maybe: number;
  waitlisted: number;
  cancelled: number;
  /** Invited and no answer. */
  noAnswer: number;
  attended: number;
  noShow: number;
  /** Came without having said yes, maybe or being waitlisted (never invited, or invited and silent/no). */
  walkIns: number;
}

/** One row of a breakdown: an organisation or a region. */
export interface BreakdownRow {
  id: string | null;
  name: string;
  /** The organisation's kind (member, partner, region, other); null for regions and "no organisation". */
  kind: string | null;
  invited: number;
  yes: number;
  attended: number;
}

/** A person's diet or accessibility need, for the host. */
export interface NeedRow {
  contactId: string;
  firstName: string;
  lastName: string;
  organizationName: string | null;
  state: ResponseState;
  diet: string | null;
  accessibility: string | null;
}

export interface MeetingSummary {
  id: string;
  roundId: string;
  title: string;
  status: MeetingStatus;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  city: string | null;
  regionId: number;
  regionName: string;
}

export interface MeetingReport {
  meeting: MeetingSummary;
  numbers: MeetingNumbers;
  byOrganization: BreakdownRow[];
  byRegion: BreakdownRow[];
  needs: NeedRow[];
  /** Each distinct diet (case and spaces evened out, first letter capital) with how many of the expected have it. */
  diets: { diet: string; count: number }[];
  /** Parts other libs add through MeetingReportSections (the evaluation survey's results); empty if none. */
  sections: MeetingReportSection[];
}

/** A person on a meeting's lists (participants, responses), for exports. */
export interface ResponseListRow {
  contactId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  organizationName: string | null;
  organizationKind: string | null;
  regionName: string | null;
  answer: RsvpAnswer | null;
  attendance: Attendance | null;
  state: ResponseState;
  diet: string | null;
  accessibility: string | null;
  comment: string | null;
  companions: string[];
  invited: boolean;
  walkIn: boolean;
  answeredAt: Date | null;
}

/** Delivery of one mailing of a send: the send itself or one of its reminders. */
export interface SendMailingNumbers {
  mailingId: string;
  /** 0: the send itself; 1, 2 …: reminders in order. */
  sequence: number;
  kind: 'send' | 'no_answer' | 'attending';
  title: string;
  startedAt: Date;
  audience: number;
  sent: number;
  /** failed_permanent: given up on. */
  failed: number;
  /** failed_temporary: still being retried. */
  retrying: number;
  suppressed: number;
  /** Not sent: no longer applied when its turn came (a reminder to someone who had answered since it started). */
  withdrawn: number;
  /** pending or being sent right now. */
  waiting: number;
  uncertain: number;
}

export interface SendReport {
  send: {
    id: string;
    kind: OutreachKind;
    title: string;
    roundId: string;
    meetingId: string | null;
    status: string;
    startedAt: Date | null;
  };
  /** The ledger of the send's first mailing: who it went to. */
  audience: number;
  sent: number;
  failed: number;
  retrying: number;
  suppressed: number;
  uncertain: number;
  waiting: number;
  /** Addresses of the send's mailings now suppressed as bounced (see LedgerRepository.deliveryReport). */
  bounced: number;
  /** Unsubscribes through a link in one of the send's mailings. */
  unsubscribed: number;
  /** Answers among the audience: invitations yes/no/maybe/waitlisted/cancelled, host requests yes/maybe/no. */
  answers: Record<string, number>;
  /** Audience members without an answer. */
  noAnswer: number;
  mailings: SendMailingNumbers[];
}

/** A region's line in a round report. */
export interface RoundRegionRow {
  regionId: number;
  regionName: string;
  status: HostingStatus;
  /** Outcome as counted: agreed, interested, declined, no_answer or not_asked (see RoundReport). */
  outcome: 'agreed' | 'interested' | 'declined' | 'no_answer' | 'not_asked';
  hostAnswer: HostAnswer | null;
  lastActivityAt: Date | null;
  meetings: number;
  attended: number;
}

/**
 * A round as a funder reads it. Region outcomes from round_regions.status now, so every region is in one:
 * agreed = agreed, meeting_scheduled or meeting_held (a region that agreed and then got its meeting still
 * agreed); interested = interested (maybe); declined = declined; noAnswer = asked or no_answer (asked, no
 * answer yet or none by the deadline); notAsked = not_asked; asked = everything but not_asked.
 */
export interface RoundReport {
  round: { id: string; name: string; description: string | null; responseDeadline: string | null };
  regions: {
    total: number;
    asked: number;
    interested: number;
    agreed: number;
    declined: number;
    noAnswer: number;
    notAsked: number;
    rows: RoundRegionRow[];
  };
  /** Meetings not cancelled with status held or at least one attendee recorded. */
  meetingsHeld: number;
  meetingsPlanned: number;
  meetingsCancelled: number;
  /** Distinct contacts recorded as attended at any of the round's meetings. */
  distinctParticipants: number;
  /** Attendances summed over the meetings (one person at two meetings counts twice). */
  attendances: number;
  memberOrganizations: {
    total: number;
    present: number;
    presentNames: string[];
    missingNames: string[];
  };
  partnerOrganizationsPresent: string[];
  meetings: { meeting: MeetingSummary; numbers: MeetingNumbers }[];
}
