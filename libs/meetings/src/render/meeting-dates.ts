import type { TemplateLanguage } from '@app/mail';

const ZONE = 'Europe/Stockholm';

const PARTS: Record<TemplateLanguage, Intl.DateTimeFormat> = {
  sv: new Intl.DateTimeFormat('sv-SE', {
    timeZone: ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
};

/** Parts already worked out: a meeting's few instants are formatted on every page, and formatToParts is slow. */
const KNOWN_PARTS = new Map<string, Readonly<Record<string, string>>>();

function parts(date: Date, language: TemplateLanguage): Readonly<Record<string, string>> {
  const key = `${language}${date.getTime()}`;
  const known = KNOWN_PARTS.get(key);
  if (known) return known;
  const out: Record<string, string> = {};
  for (const p of PARTS[language].formatToParts(date)) if (p.type !== 'literal') out[p.type] = p.value;
  if (KNOWN_PARTS.size >= 2000) KNOWN_PARTS.clear();
  KNOWN_PARTS.set(key, out);
  return out;
}

/** 18.00 in Swedish, 6 pm / 6:30 pm in English. */
function clock(date: Date, language: TemplateLanguage): string {
  const p = parts(date, language);
  if (language === 'sv') return `${p.hour}.${p.minute}`;
  const hour = Number(p.hour);
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const suffix = hour < 12 ? 'am' : 'pm';
  return p.minute === '00' ? `${h12} ${suffix}` : `${h12}:${p.minute} ${suffix}`;
}

/** "tisdag 14 mars 2017" / "Tuesday 14 March 2017", in Stockholm. */
export function formatMeetingDay(date: Date, language: TemplateLanguage): string {
  const p = parts(date, language);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** "tisdag 14 mars 2017 kl. 18.00" / "Tuesday 14 March 2017, 6 pm": when a meeting starts, in Stockholm. */
export function formatMeetingStart(date: Date, language: TemplateLanguage): string {
  const day = formatMeetingDay(date, language);
  return language === 'sv' ? `${day} kl. ${clock(date, 'sv')}` : `${day}, ${clock(date, 'en')}`;
}

/** "18.00–20.00" / "6 pm – 8 pm". */
export function formatMeetingTime(start: Date, end: Date, language: TemplateLanguage): string {
  return language === 'sv'
    ? `${clock(start, 'sv')}–${clock(end, 'sv')}`
    : `${clock(start, 'en')} – ${clock(end, 'en')}`;
}
