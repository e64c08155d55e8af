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
    // Lying bars: every answer's name stays readable on a phone (standing bars drop every other one), and a count
    // is a whole number.
    <BarChart
      h={300}
      orientation="vertical"
      data={data}
      dataKey="answer"
      series={[{ name: 'count', label: t('meetings.report.count'), color: 'blue.8' }]}
      withBarValueLabel
      gridAxis="y"
      yAxisProps={{ width: 110, interval: 0 }}
      xAxisProps={{ allowDecimals: false }}
    />
  );
}
