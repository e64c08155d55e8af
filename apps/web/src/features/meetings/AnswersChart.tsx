import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';

type Numbers = Schemas['MeetingNumbersDto'];

/** The answers as bars (its own lazy chunk: recharts is loaded only when a report is opened). */
export default function AnswersChart({ numbers }: { numbers: Numbers }) {
  const { t } = useTranslation();
  const data = (
    ['yes', 'maybe', 'no', 'waitlisted', 'cancelled', 'noAnswer', 'attended', 'noShow'] as const
  ).map((key) => ({ answer: t(`meetings.report.numbers.${key}`), count: numbers[key] }));
  return (
    <BarChart
      h={260}
      data={data}
      dataKey="answer"
      series={[{ name: 'count', label: t('meetings.report.count'), color: 'blue.6' }]}
      withBarValueLabel
      tickLine="y"
    />
  );
}
