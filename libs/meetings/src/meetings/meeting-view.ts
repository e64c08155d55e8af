import type { ResponseState } from '../responses/meeting-response.entity';
import type { MeetingStatus, RepresentativePart } from './meeting.entity';

export interface MeetingRepresentativeView {
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  organizationName: string | null;
  part: RepresentativePart;
  partLabel: string;
}

/** A meeting as staff see it: times in UTC (ISO) and as Swedes read them (Europe/Stockholm). */
export interface MeetingView {
  id: string;
  roundId: string;
  region: { id: number; code: string; name: string };
  hostOrganization: { id: string; name: string } | null;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** "tisdag 14 mars 2017 kl. 18.00" */
  startsAtText: string;
  /** "18.00–20.00" */
  timeText: string;
  venue: string | null;
  address: string | null;
  city: string | null;
  capacity: number | null;
  /** Places left for a yes (null: no limit). */
  placesLeft: number | null;
  rsvpDeadline: Date | null;
  /** "fredag 10 mars 2017 kl. 23.59" */
  rsvpDeadlineText: string | null;
  description: string | null;
  agenda: string | null;
  status: MeetingStatus;
  statusLabel: string;
  calendarSequence: number;
  representatives: MeetingRepresentativeView[];
  /** The kinds of regional representative the meeting still lacks (one of each is wanted). */
  representativesMissing: RepresentativePart[];
  /** Invitees per state. */
  responseCounts: Record<ResponseState, number>;
  createdAt: Date;
  updatedAt: Date;
}
