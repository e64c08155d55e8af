import '@mantine/dates/styles.css';
import { DateInput, type DateInputProps } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import './format';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-03-14" if it is a real calendar day written the Swedish (ISO) way, else null: nothing half-typed counts. */
export function parseDay(text: string): string | null {
  const m = DAY.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
    ? m[0]
    : null;
}

/**
 * A day, written and shown the Swedish way (2026-03-14) whatever the browser's own language, with a calendar in
 * the staff member's language (weeks from Monday). The value is "yyyy-mm-dd" or "" (none).
 */
export function DayInput({
  value,
  onChange,
  ...props
}: Omit<DateInputProps, 'value' | 'onChange' | 'valueFormat'> & {
  value: string;
  onChange: (value: string) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <DateInput
      {...props}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      valueFormat="YYYY-MM-DD"
      dateParser={parseDay}
      locale={i18n.language === 'en' ? 'en' : 'sv'}
      firstDayOfWeek={1}
      placeholder={t('app.dayPlaceholder')}
      clearable
      clearButtonProps={{ 'aria-label': t('app.clearDay') }}
      popoverProps={{ withinPortal: true }}
    />
  );
}
