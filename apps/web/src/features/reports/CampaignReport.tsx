import { Alert, Badge, Group, SimpleGrid, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { FileDownloads } from '../../lib/FileDownloads';
import { formatDateTime, formatNumber } from '../../lib/format';
import { ChartFigure, Stat } from './RoundReport';

const CampaignStatusChart = lazy(() =>
  import('./ReportCharts').then((m) => ({ default: m.CampaignStatusChart })),
);

/** While a campaign sends, its numbers are asked for again this often. */
export const CAMPAIGN_REPORT_POLL_MS = 5000;

/**
 * A campaign's report: its recipients by what happened to their message (sent, failed, retrying, uncertain,
 * blocked, withdrawn, waiting), as figures, a chart and a table, and the recipient register as a file.
 */
export function CampaignReport({ campaignId }: { campaignId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const campaign = useQuery({
    queryKey: ['campaign', campaignId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/campaigns/{id}', { params: { path: { id: campaignId } }, signal })),
    refetchInterval: (query) => (query.state.data?.status === 'sending' ? CAMPAIGN_REPORT_POLL_MS : false),
  });
  const n = (v: number) => formatNumber(v, i18n.language);

  if (campaign.isPending) return <Skeleton height={260} />;
  if (campaign.isError)
    return (
      <Alert color="red" role="alert">
        {errorMessage(campaign.error)}
      </Alert>
    );
  const c = campaign.data;
  const counts = c.progress.counts;
  const rows: [string, number][] = [
    [t('reports.campaign.sent'), counts.sent],
    [t('reports.campaign.failed'), counts.failed_permanent],
    [t('reports.campaign.retrying'), counts.failed_temporary],
    [t('reports.campaign.uncertain'), counts.uncertain],
    [t('reports.campaign.suppressed'), counts.suppressed],
    [t('reports.campaign.withdrawn'), counts.withdrawn],
    [t('reports.campaign.waiting'), counts.pending + counts.sending],
  ];

  return (
    <Stack>
      <Group gap="sm">
        <Badge variant="light">{t(`overview.status.${c.status}`)}</Badge>
        {c.startedAt && (
          <Text size="sm">
            {t('reports.campaign.started', { at: formatDateTime(c.startedAt, i18n.language) })}
          </Text>
        )}
        {c.finishedAt && (
          <Text size="sm">
            {t('reports.campaign.finished', { at: formatDateTime(c.finishedAt, i18n.language) })}
          </Text>
        )}
      </Group>
      <FileDownloads
        title={t('reports.campaign.downloads')}
        files={[
          {
            id: 'recipients',
            label: t('reports.campaign.recipientsFile'),
            request: (format) =>
              api.GET('/api/campaigns/{id}/recipients/export', {
                params: { path: { id: campaignId }, query: { format } },
                parseAs: 'blob',
              }),
            fallbackName: (format) => `mottagare.${format}`,
          },
        ]}
      />
      <SimpleGrid cols={{ base: 2, md: 4 }} component="dl" spacing="sm" m={0}>
        <Stat label={t('reports.campaign.recipients')} value={n(c.progress.total)} />
        <Stat
          label={t('reports.campaign.sent')}
          value={t('reports.ofTotal', { part: n(counts.sent), total: n(c.progress.total) })}
        />
        <Stat label={t('reports.campaign.failed')} value={n(counts.failed_permanent)} />
        <Stat label={t('reports.campaign.uncertain')} value={n(counts.uncertain)} />
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        {t('reports.campaign.uncertainHint')} {t('reports.campaign.noOpens')}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChartFigure id="chart-campaign" caption={t('reports.campaign.chart')}>
          <CampaignStatusChart progress={c.progress} />
        </ChartFigure>
        <Table striped aria-label={t('reports.campaign.table')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.campaign.what')}</Table.Th>
              <Table.Th ta="right">{t('reports.campaign.count')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Td>{label}</Table.Td>
                <Table.Td ta="right">{n(value)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </SimpleGrid>
    </Stack>
  );
}
