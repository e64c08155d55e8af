import { DateTime } from 'luxon';

const ZONE = 'Europe/Stockholm';
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written yyyy-mm-dd. */
export function isCalendarDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  return DateTime.fromISO(value, { zone: ZONE }).isValid;
}

/**
 * The moment a round's answers are no longer awaited: the end of its deadline day in Stockholm (midnight that
 * starts the next day, summer time included).
 */
export function deadlineEnd(responseDeadline: string): Date {
  return DateTime.fromISO(responseDeadline, { zone: ZONE }).plus({ days: 1 }).startOf('day').toJSDate();
}

/** Whether the round's deadline has passed at `now` (never, without a deadline). */
export function deadlinePassed(responseDeadline: string | null, now: Date): boolean {
  return responseDeadline !== null && now.getTime() >= deadlineEnd(responseDeadline).getTime();
}

/** The deadline day as a Date that is that day in Stockholm (noon), for the day formatters. */
export function deadlineDay(responseDeadline: string): Date {
  return DateTime.fromISO(`${responseDeadline}T12:00`, { zone: ZONE }).toJSDate();
}
