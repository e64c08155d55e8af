import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';

type QuestionResult = Schemas['SurveyResultsDto']['questions'][number];

/**
 * One question's distribution as lying bars (its own lazy chunk: recharts loads only when results are shown);
 * the same counts are in the table beside it.
 */
export default function SurveyQuestionChart({ question }: { question: QuestionResult }) {
  const { t } = useTranslation();
  return (
    <BarChart
      h={Math.max(160, 50 + question.distribution.length * 36)}
      orientation="vertical"
      data={question.distribution.map((d) => ({ label: d.label, count: d.count }))}
      dataKey="label"
      series={[{ name: 'count', label: t('surveys.results.count'), color: 'blue.8' }]}
      withBarValueLabel
      gridAxis="y"
      yAxisProps={{ width: 140, interval: 0 }}
      xAxisProps={{ allowDecimals: false }}
    />
  );
}
