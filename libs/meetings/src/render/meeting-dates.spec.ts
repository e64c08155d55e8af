import { formatMeetingDay, formatMeetingStart, formatMeetingTime } from './meeting-dates';

describe('meeting dates, the Swedish way and the English variant, in Stockholm time', () => {
  // 14 March 2017 is in winter time (UTC+1): 17:00Z is 18.00 in Stockholm.
  const start = new Date('2017-03-14T17:00:00Z');
  const end = new Date('2017-03-14T19:00:00Z');

  it('says the start as staff and members write it', () => {
    expect(formatMeetingStart(start, 'sv')).toBe('tisdag 14 mars 2017 kl. 18.00');
    expect(formatMeetingStart(start, 'en')).toBe('Tuesday 14 March 2017, 6 pm');
  });

  it('says half hours and summer time right', () => {
    const summer = new Date('2017-09-05T16:30:00Z'); // UTC+2: 18.30
    expect(formatMeetingStart(summer, 'sv')).toBe('tisdag 5 september 2017 kl. 18.30');
    expect(formatMeetingStart(summer, 'en')).toBe('Tuesday 5 September 2017, 6:30 pm');
  });

  it('gives the day alone and the span of the meeting', () => {
    expect(formatMeetingDay(start, 'sv')).toBe('tisdag 14 mars 2017');
    expect(formatMeetingTime(start, end, 'sv')).toBe('18.00–20.00');
    expect(formatMeetingTime(start, end, 'en')).toBe('6 pm – 8 pm');
  });

  it('puts a late UTC evening on the next Stockholm day', () => {
    expect(formatMeetingDay(new Date('2017-03-14T23:30:00Z'), 'sv')).toBe('onsdag 15 mars 2017');
  });
});
