/** Everything a person sees is Europe/Stockholm time; everything stored is UTC. */
import { AppException } from './app.exception';

const STOCKHOLM_PARTS = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function stockholmFields(date: Date): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of STOCKHOLM_PARTS.formatToParts(date))
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** yyyy-mm-dd in Europe/Stockholm: what a person in Sweden sees as the date. */
export function formatStockholmDate(date: Date): string {
  const ms = date.getTime();
  if (ms >= CACHED_FROM && ms < CACHED_UNTIL) {
    const day = Math.floor((ms + stockholmOffsetOfHour(Math.floor(ms / HOUR))) / DAY);
    let text = dayText.get(day);
    if (text === undefined) {
      text = new Date(day * DAY).toISOString().slice(0, 10);
      if (dayText.size >= 100_000) dayText.clear();
      dayText.set(day, text);
    }
    return text;
  }
  // Invalid dates throw here (RangeError), as callers such as the exports rely on.
  const f = stockholmFields(date);
  return `${f.year}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')}`;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Since 1901 Stockholm's offset is whole hours and changes only on the hour (UTC); before that it had seconds. */
const CACHED_FROM = Date.UTC(1901, 0, 1);
const CACHED_UNTIL = Date.UTC(9999, 0, 1);
const offsetByHour = new Map<number, number>();
const dayText = new Map<number, string>();

/**
 * Stockholm's UTC offset during one UTC hour, from Intl once per hour seen: Intl costs ~10 µs a call, which
 * was a third of an export's time (two dates a row), while the rows of an export share few hours.
 */
function stockholmOffsetOfHour(hour: number): number {
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const f = stockholmFields(new Date(hour * HOUR));
    offset = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - hour * HOUR;
    if (offsetByHour.size >= 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** yyyy-mm-dd HH:MM in Europe/Stockholm: how staff see a time. */
export function formatStockholmDateTime(date: Date): string {
  const f = stockholmFields(date);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${f.year}-${two(f.month)}-${two(f.day)} ${two(f.hour)}:${two(f.minute)}`;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const OFFSET_RE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An ISO time with an offset ("2026-12-01T08:30:00Z") as given, or a wall-clock time without one
 * ("2026-12-01T09:30", "2026-12-01 09:30") read as Europe/Stockholm local time, summer time included.
 */
export function parseStockholmTime(value: string, field = 'scheduledAt'): Date {
  const text = value.trim();
  const invalid = () =>
    AppException.validation(
      `${field}: "${value}" är ingen tid; ange t.ex. 2026-12-01T09:30 (svensk tid) eller en ISO-tid med tidszon`,
      { field },
    );
  if (OFFSET_RE.test(text)) {
    const date = new Date(text);
    if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(text)) throw invalid();
    return date;
  }
  const m = LOCAL_RE.exec(text);
  if (!m) throw invalid();
  const [year, month, day, hour, minute, second] = m.slice(1).map((p) => Number(p ?? 0));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // Guess the instant as if Stockholm were UTC, then correct by the offset there (twice: DST edges).
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const f = stockholmFields(new Date(guess));
    const shown = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
    guess += wall - shown;
  }
  const result = new Date(guess);
  const check = stockholmFields(result);
  if (check.month !== month || check.day !== day || Number.isNaN(guess)) throw invalid();
  return result;
}
