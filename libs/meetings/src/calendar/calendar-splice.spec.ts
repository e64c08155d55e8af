import ICAL from 'ical.js';
import { meetingCalendar } from './meeting-calendar';
import { foldIcsLine, withRecipient } from './calendar-splice';

describe('a calendar made once, with each recipient added', () => {
  const meeting = {
    id: '11111111-1111-4111-8111-111111111111',
    title: 'Dialogmöte',
    startsAt: new Date('2017-03-14T17:00:00Z'),
    endsAt: new Date('2017-03-14T19:00:00Z'),
    venue: 'Kulturhuset',
    address: null,
    city: 'Falun',
    description: null,
    calendarSequence: 3,
  };

  it('folds long lines at 75 octets without splitting a character', () => {
    const folded = foldIcsLine(`X:${'å'.repeat(100)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(`X:${'å'.repeat(100)}`);
  });

  it('adds the ATTENDEE and URL to the event, which ical.js reads back', () => {
    const base = meetingCalendar(meeting, {
      method: 'REQUEST',
      uidHost: 'crm.example.se',
      organizer: { name: 'Kansliet', email: 'kansli@example.se' },
    });
    const url = `https://crm.example.se/r/${'A'.repeat(66)}`;
    const text = withRecipient(base, { attendee: { name: 'Åsa "Ö" Ek', email: 'asa@exempel.se' }, url });
    const event = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
    const attendee = event.getFirstProperty('attendee')!;
    expect(attendee.getFirstValue()).toBe('MAILTO:asa@exempel.se');
    expect(attendee.getParameter('cn')).toBe('Åsa Ö Ek');
    expect(event.getFirstPropertyValue('url')).toBe(url);
    expect(event.getFirstPropertyValue('sequence')).toBe(3);
    expect(event.getFirstPropertyValue('uid')).toBe(`meeting-${meeting.id}@crm.example.se`);
  });
});
