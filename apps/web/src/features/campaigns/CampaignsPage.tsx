import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../lib/format';
import { Pager, useCursorPages } from '../../lib/paging';
import { useCan } from '../auth/session';
import { CampaignProgressBar, StatusBadge } from './CampaignProgressBar';
import { CAMPAIGN_STATUSES, type CampaignDetail, type CampaignStatus } from './wizard';

const PAGE_SIZE = 25;

/**
 * Utskick: every campaign, newest first, with its status and how far it has come (the list's own progress; a
 * campaign's page follows it live); filtered by status (in the address), paged by the API. "Nytt utskick" opens
 * the wizard.
 */
export function CampaignsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const canEdit = useCan('editor');
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as CampaignStatus | null) ?? undefined;
  const pages = useCursorPages(status ?? '');
  const campaigns = useQuery({
    queryKey: ['campaigns', { status }, pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/campaigns', {
          params: { query: { status, limit: PAGE_SIZE, cursor: pages.cursor } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    // A list with something sending asks again now and then; the campaign's own page is the live one.
    refetchInterval: (query) => (query.state.data?.items.some((c) => c.status === 'sending') ? 5000 : false),
  });
  const rows = campaigns.data?.items ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('campaigns.title')}</Title>
        {canEdit && (
          <Button component={Link} to="/utskick/nytt">
            {t('campaigns.new')}
          </Button>
        )}
      </Group>
      <Paper withBorder p="sm">
        <Select
          label={t('campaigns.statusFilter')}
          placeholder={t('campaigns.anyStatus')}
          data={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`campaigns.status.${s}`) }))}
          value={status ?? null}
          onChange={(v) => setParams(v ? { status: v } : {}, { replace: true })}
          clearable
          maw={260}
        />
      </Paper>
      {campaigns.isError && (
        <Alert color="red" role="alert">
          {errorMessage(campaigns.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover aria-busy={campaigns.isFetching} aria-label={t('campaigns.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('campaigns.name')}</Table.Th>
              <Table.Th>{t('campaigns.statusFilter')}</Table.Th>
              <Table.Th w={260}>{t('campaigns.progressColumn')}</Table.Th>
              <Table.Th>{t('campaigns.when')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {campaigns.isPending &&
              Array.from({ length: 4 }, (_, i) => (
                <Table.Tr key={i}>
                  <Table.Td colSpan={4}>
                    <Skeleton height={18} />
                  </Table.Td>
                </Table.Tr>
              ))}
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/utskick/${c.id}`}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={c.status} />
                </Table.Td>
                <Table.Td>
                  {c.progress.total > 0 ? (
                    <CampaignProgressBar progress={c.progress} compact label={c.name} />
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('campaigns.notStarted')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <WhenText campaign={c} />
                </Table.Td>
              </Table.Tr>
            ))}
            {campaigns.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed">{status ? t('campaigns.emptyFiltered') : t('campaigns.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {campaigns.data && (
        <Pager
          page={pages.page}
          nextCursor={campaigns.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={campaigns.data.total}
          totalIsEstimate={campaigns.data.totalIsEstimate}
        />
      )}
    </Stack>
  );
}

/** The time that matters for the campaign's status: when it is due, started, finished, or was made. */
function WhenText({ campaign: c }: { campaign: CampaignDetail }) {
  const { t, i18n } = useTranslation();
  const at = (v: string | null) => formatDateTime(v, i18n.language);
  if (c.status === 'scheduled' && c.scheduledAt)
    return <Text size="sm">{t('campaigns.scheduledFor', { at: at(c.scheduledAt) })}</Text>;
  if ((c.status === 'sent' || c.status === 'cancelled') && c.finishedAt)
    return <Text size="sm">{t('campaigns.finishedAt', { at: at(c.finishedAt) })}</Text>;
  if (c.startedAt) return <Text size="sm">{t('campaigns.startedAt', { at: at(c.startedAt) })}</Text>;
  return <Text size="sm">{t('campaigns.createdAt', { at: at(c.createdAt) })}</Text>;
}
