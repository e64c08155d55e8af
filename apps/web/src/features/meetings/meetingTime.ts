import dayjs from 'dayjs';
import { TIME_ZONE } from '../../lib/format';

/**
 * "2027-03-14T18:00": an instant as Stockholm's wall time, the value of a datetime-local input and the form the
 * API takes (Europe/Stockholm, summer time included), whatever the browser's own zone.
 */
export function toWallTime(value: string | null | undefined): string {
  if (!value) return '';
  return dayjs(value).tz(TIME_ZONE).format('YYYY-MM-DDTHH:mm');
}

/** "2027-03-10": an instant's day in Stockholm (a date input's value; the API reads it as "until the day ends"). */
export function toWallDate(value: string | null | undefined): string {
  if (!value) return '';
  return dayjs(value).tz(TIME_ZONE).format('YYYY-MM-DD');
}
