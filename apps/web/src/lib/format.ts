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

/** 2026-03-14: the Swedish way of writing a date (ISO), in both languages. */
export function formatDate(value: string | Date | null | undefined, language = 'sv'): string {
  if (!value) return '';
  return inStockholm(value, language).format('YYYY-MM-DD');
}

/** 2026-03-14 18.00 (Swedish) or 2026-03-14 18:00 (English), Stockholm time. */
export function formatDateTime(value: string | Date | null | undefined, language = 'sv'): string {
  if (!value) return '';
  return inStockholm(value, language).format(
    language === 'en' ? 'YYYY-MM-DD HH:mm' : 'YYYY-MM-DD [kl.] HH.mm',
  );
}

/** 18.00.05 (Swedish) or 18:00:05 (English), Stockholm time: when something was last checked. */
export function formatTime(value: string | Date | null | undefined, language = 'sv'): string {
  if (!value) return '';
  return inStockholm(value, language).format(language === 'en' ? 'HH:mm:ss' : 'HH.mm.ss');
}

/** "tisdag 14 mars 2026 kl. 18.00" (Swedish) or "Tuesday 14 March 2026, 18:00". */
export function formatLongDateTime(value: string | Date, language = 'sv'): string {
  return inStockholm(value, language).format(
    language === 'en' ? 'dddd D MMMM YYYY, HH:mm' : 'dddd D MMMM YYYY [kl.] HH.mm',
  );
}

/** 100 000 (Swedish: a space between thousands) or 100,000. */
export function formatNumber(value: number, language = 'sv'): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'sv-SE').format(value);
}
