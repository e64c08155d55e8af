// ical.js: an independent parser (Mozilla's), not the library that writes the file.
import ICAL from 'ical.js';
import { meetingCalendar, meetingUid } from './meeting-calendar';

const meeting = {
  id: '6f1c2a8e-4b0d-4c36-9f59-2f0d8b7c1a11',
  title: 'Dialogmöte Dalarna',
  startsAt: new Date('2017-03-14T17:00:00Z'),
  endsAt: new Date('2017-03-14T19:00:00Z'),
  venue: 'Dalarnas museum',
  address: 'Stigaregatan 2',
  city: 'Falun',
  description: 'Samtal om kulturplanen; "citat" och ; semikolon',
  calendarSequence: 2,
};
const options = {
  uidHost: 'crm.example.se',
  organizer: { name: 'Förbundets kansli', email: 'kansli@example.se' },
  attendee: { name: 'Eva Berg', email: 'eva@example.se' },
};

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return { calendar, event };
}

describe('a meeting as a calendar file, read back by an independent parser', () => {
  it('has a stable UID, the SEQUENCE, Stockholm times and METHOD:REQUEST', () => {
    const { calendar, event } = parse(meetingCalendar(meeting, { ...options, method: 'REQUEST' }));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.getFirstPropertyValue('uid')).toBe(meetingUid(meeting.id, 'crm.example.se'));
    expect(event.getFirstPropertyValue('sequence')).toBe(2);
    const start = event.getFirstProperty('dtstart')!;
    expect(start.getParameter('tzid')).toBe('Europe/Stockholm');
    expect(String(start.getFirstValue())).toBe('2017-03-14T18:00:00');
    expect(String(event.getFirstPropertyValue('dtend'))).toBe('2017-03-14T20:00:00');
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe(
      'Europe/Stockholm',
    );
    // The zone in the file turns the wall time into the right instant.
    const ev = new ICAL.Event(event);
    ev.startDate.zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
    expect(ev.startDate.toJSDate().toISOString()).toBe('2017-03-14T17:00:00.000Z');
    expect(event.getFirstPropertyValue('summary')).toBe('Dialogmöte Dalarna');
    expect(event.getFirstPropertyValue('location')).toBe('Dalarnas museum, Stigaregatan 2, Falun');
    expect(event.getFirstPropertyValue('description')).toBe(meeting.description);
    // DTSTAMP in UTC, as RFC 5545 requires.
    const stamp = event.getFirstPropertyValue('dtstamp') as InstanceType<typeof ICAL.Time>;
    expect(stamp.zone?.tzid).toBe('UTC');
    expect(Math.abs(stamp.toJSDate().getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('says METHOD:CANCEL and STATUS:CANCELLED for a cancellation, same UID', () => {
    const { calendar, event } = parse(
      meetingCalendar({ ...meeting, calendarSequence: 3 }, { ...options, method: 'CANCEL' }),
    );
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.getFirstPropertyValue('uid')).toBe(meetingUid(meeting.id, 'crm.example.se'));
    expect(event.getFirstPropertyValue('sequence')).toBe(3);
  });
});
