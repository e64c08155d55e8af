import dayjs from 'dayjs';
import 'dayjs/locale/en';
import 'dayjs/locale/sv';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every time a person sees is Stockholm's, whatever the browser's own zone. */
export const TIME_ZONE = 'Europe/Stockholm';

function inStockholm(value: string | Date, language: string) {
  return dayjs(value)
    .tz(TIME_ZONE)
    .locale(language === 'en' ? 'en' : 'sv');
}

interface ClockParts {
  date: string;
  hour: string;
  minute: string;
  second: string;
}

const HOUR = 3_600_000;
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** 01:00 UTC on the last Sunday of a month (0-based): when Europe's clocks change. */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/**
 * A moment on Stockholm's clock, by the EU's summer-time rule (in force since 1996: UTC+2 from the last Sunday
 * of March to the last Sunday of October, 01:00 UTC, otherwise UTC+1). Arithmetic rather than Intl: the first
 * Intl formatter with a time zone loads the zone data (≈ 30 ms), and dayjs's zone plugin makes one per call,
 * which a table of 50 dates pays on every render. The unit test holds it to the browser's zone data.
 */
function stockholmParts(value: string | Date): ClockParts | null {
  const ms = (typeof value === 'string' ? new Date(value) : value).getTime();
  if (Number.isNaN(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  const summer = ms >= lastSundayAtOneUtc(year, 2) && ms < lastSundayAtOneUtc(year, 9);
  const local = new Date(ms + (summer ? 2 : 1) * HOUR);
  return {
    date: `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`,
    hour: two(local.getUTCHours()),
    minute: two(local.getUTCMinutes()),
    second: two(local.getUTCSeconds()),
  };
}

/** 2026-03-14: the Swedish way of writing a date (ISO), in both languages. */
export function formatDate(value: string | Date | null | undefined, _language = 'sv'): string {
  if (!value) return '';
  return stockholmParts(value)?.date ?? '';
}

/** 2026-03-14 18.00 (Swedish) or 2026-03-14 18:00 (English), Stockholm time. */
export function formatDateTime(value: string | Date | null | undefined, language = 'sv'): string {
  if (!value) return '';
  const p = stockholmParts(value);
  if (!p) return '';
  return language === 'en' ? `${p.date} ${p.hour}:${p.minute}` : `${p.date} kl. ${p.hour}.${p.minute}`;
}

/** 18.00.05 (Swedish) or 18:00:05 (English), Stockholm time: when something was last checked. */
export function formatTime(value: string | Date | null | undefined, language = 'sv'): string {
  if (!value) return '';
  const p = stockholmParts(value);
  if (!p) return '';
  const sep = language === 'en' ? ':' : '.';
  return [p.hour, p.minute, p.second].join(sep);
}

/** "tisdag 14 mars 2026 kl. 18.00" (Swedish) or "Tuesday 14 March 2026, 18:00". */
export function formatLongDateTime(value: string | Date, language = 'sv'): string {
  return inStockholm(value, language).format(
    language === 'en' ? 'dddd D MMMM YYYY, HH:mm' : 'dddd D MMMM YYYY [kl.] HH.mm',
  );
}

/** Made once per language: an Intl formatter costs more to make than to use. */
const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * 100 000 (Swedish: a no-break space between thousands) or 100,000. Whole numbers, which nearly all are (counts),
 * are grouped by hand: the first Intl.NumberFormat of a page loads its locale's data (≈ 30 ms), which a page that
 * shows one count would otherwise pay before its first frame. The unit test holds both to the same output.
 */
export function formatNumber(value: number, language = 'sv'): string {
  if (Number.isSafeInteger(value)) {
    const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, language === 'en' ? ',' : '\u00a0');
    return value < 0 ? `${language === 'en' ? '-' : '\u2212'}${digits}` : digits;
  }
  const locale = language === 'en' ? 'en-GB' : 'sv-SE';
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(value);
}
