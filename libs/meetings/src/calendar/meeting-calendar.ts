import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import type { MessageAttachment } from '@app/mail';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Meeting } from '../meetings/meeting.entity';

const ZONE = 'Europe/Stockholm';

export interface CalendarOptions {
  /** REQUEST: the event (new or changed); CANCEL: it is called off. */
  method: 'REQUEST' | 'CANCEL';
  /** The host name of the UID (the public address's), so UIDs are ours and stable per meeting. */
  uidHost: string;
  organizer: { name: string; email: string };
  attendee?: { name: string; email: string };
  /** Where the attendee answers (the RSVP page). */
  url?: string;
}

/** The calendar UID of a meeting: the same in every message about it, so calendars update one event. */
export function meetingUid(meetingId: string, uidHost: string): string {
  return `meeting-${meetingId}@${uidHost}`;
}

/**
 * A meeting as an iCalendar event (RFC 5545/5546): stable UID, SEQUENCE from the meeting (raised whenever time
 * or place changes), times in Europe/Stockholm with its VTIMEZONE, METHOD:CANCEL for a cancellation.
 */
export function meetingCalendar(
  meeting: Pick<
    Meeting,
    'id' | 'title' | 'startsAt' | 'endsAt' | 'venue' | 'address' | 'city' | 'description' | 'calendarSequence'
  >,
  options: CalendarOptions,
): string {
  const calendar = ical({
    prodId: { company: 'Kultursamverkan', product: 'Utskick', language: 'SV' },
    method: options.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: ZONE, generator: getVtimezoneComponent },
  });
  const location = [meeting.venue, meeting.address, meeting.city].filter((p) => p && p.trim()).join(', ');
  calendar.createEvent({
    id: meetingUid(meeting.id, options.uidHost),
    sequence: meeting.calendarSequence,
    start: DateTime.fromJSDate(meeting.startsAt, { zone: ZONE }),
    end: DateTime.fromJSDate(meeting.endsAt, { zone: ZONE }),
    timezone: ZONE,
    stamp: DateTime.now().setZone(ZONE), // rewritten in UTC below
    summary: meeting.title,
    location: location || null,
    description: meeting.description ?? null,
    url: options.url ?? null,
    status: options.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: options.organizer,
    attendees: options.attendee
      ? [{ name: options.attendee.name, email: options.attendee.email, rsvp: false }]
      : [],
  });
  // RFC 5545 3.8.7.2: DTSTAMP is always UTC; with a calendar time zone set, ical-generator writes it as local
  // time without a zone, which calendars must guess at.
  const stamp = DateTime.utc().toFormat("yyyyLLdd'T'HHmmss'Z'");
  return calendar.toString().replace(/^DTSTAMP:[0-9T]+Z?\r?$/m, `DTSTAMP:${stamp}\r`);
}

/** The calendar file as a mail attachment (text/calendar with the method, as calendar clients expect). */
export function meetingCalendarAttachment(
  meeting: Parameters<typeof meetingCalendar>[0],
  options: CalendarOptions,
): MessageAttachment {
  return {
    filename: options.method === 'CANCEL' ? 'installt-mote.ics' : 'dialogmote.ics',
    contentType: `text/calendar; method=${options.method}; charset=utf-8`,
    content: meetingCalendar(meeting, options),
  };
}
