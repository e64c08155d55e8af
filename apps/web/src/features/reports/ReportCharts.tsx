import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';

type RoundReport = Schemas['RoundReportDto'];
type CampaignProgress = Schemas['CampaignProgressDto'];

/**
 * Bars lying down, the categories (outcomes, meetings, statuses) written beside them: on a phone every name
 * stays readable (standing bars drop every other name under them), and a count is always a whole number.
 */
const LYING = {
  orientation: 'vertical',
  yAxisProps: { width: 120, interval: 0 },
  xAxisProps: { allowDecimals: false },
} as const;

/**
 * The report pages' charts, in a chunk of their own (loaded with React.lazy when a report is shown): recharts and
 * @mantine/charts never weigh on the first page. Each chart's numbers are also in a table beside it.
 */

/** The round's regions by hosting outcome: agreed, interested, declined, no answer, not asked. */
export function RegionOutcomesChart({ regions }: { regions: RoundReport['regions'] }) {
  const { t } = useTranslation();
  const data = (['agreed', 'interested', 'declined', 'noAnswer', 'notAsked'] as const).map((key) => ({
    outcome: t(`reports.round.outcomes.${key}`),
    count: regions[key],
  }));
  return (
    <BarChart
      {...LYING}
      h={240}
      data={data}
      dataKey="outcome"
      series={[{ name: 'count', label: t('reports.round.regionCount'), color: 'teal.8' }]}
      withBarValueLabel
      gridAxis="y"
    />
  );
}

/** Each meeting of the round: invited, yes, no and attended side by side. */
export function MeetingNumbersChart({ meetings }: { meetings: RoundReport['meetings'] }) {
  const { t } = useTranslation();
  const data = meetings.map((m) => ({
    meeting: m.meeting.regionName,
    invited: m.numbers.invited,
    yes: m.numbers.yes,
    no: m.numbers.no,
    attended: m.numbers.attended,
  }));
  return (
    <BarChart
      {...LYING}
      h={Math.max(200, 80 + meetings.length * 90)}
      data={data}
      dataKey="meeting"
      series={[
        { name: 'invited', label: t('meetings.report.numbers.invited'), color: 'gray.6' },
        { name: 'yes', label: t('meetings.report.numbers.yes'), color: 'teal.7' },
        { name: 'no', label: t('meetings.report.numbers.no'), color: 'red.7' },
        { name: 'attended', label: t('meetings.report.numbers.attended'), color: 'blue.8' },
      ]}
      withLegend
      gridAxis="y"
    />
  );
}

/** A campaign's recipients by status. */
export function CampaignStatusChart({ progress }: { progress: CampaignProgress }) {
  const { t } = useTranslation();
  const c = progress.counts;
  const data = [
    { status: t('reports.campaign.sent'), count: c.sent },
    { status: t('reports.campaign.failed'), count: c.failed_permanent },
    { status: t('reports.campaign.retrying'), count: c.failed_temporary },
    { status: t('reports.campaign.uncertain'), count: c.uncertain },
    { status: t('reports.campaign.suppressed'), count: c.suppressed },
    { status: t('reports.campaign.withdrawn'), count: c.withdrawn },
    { status: t('reports.campaign.waiting'), count: c.pending + c.sending },
  ];
  return (
    <BarChart
      {...LYING}
      h={300}
      data={data}
      dataKey="status"
      series={[{ name: 'count', label: t('reports.campaign.recipients'), color: 'blue.8' }]}
      withBarValueLabel
      gridAxis="y"
    />
  );
}
