import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { downloadFile } from '../../lib/download';
import { formatDateTime, formatNumber } from '../../lib/format';
import { Pager, useCursorPages } from '../../lib/paging';
import { doneOf } from '../../lib/progress';
import { useCan } from '../auth/session';
import { RECIPIENT_STATUSES, type CampaignProgress, type RecipientStatus } from './wizard';

const PAGE_SIZE = 50;

/** The colour of the badge's dot; its text stays the page's own (a light badge's coloured text is below AA). */
const STATUS_COLORS: Record<RecipientStatus, string> = {
  pending: 'gray',
  sending: 'blue',
  sent: 'green',
  failed_temporary: 'yellow',
  failed_permanent: 'red',
  suppressed: 'gray',
  uncertain: 'orange',
  withdrawn: 'gray',
};

export function RecipientStatusBadge({ status }: { status: RecipientStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="dot" color={STATUS_COLORS[status]} style={{ whiteSpace: 'nowrap' }}>
      {t(`campaigns.recipientStatus.${status}`)}
    </Badge>
  );
}

/**
 * The campaign's recipients (its ledger), by status, a page at a time from the API, asked again as the progress
 * moves; exported whole (or the chosen status) as CSV for Swedish Excel or XLSX.
 */
export function Recipients({ campaignId, progress }: { campaignId: string; progress: CampaignProgress }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const canExport = useCan('editor');
  const [status, setStatus] = useState<RecipientStatus | null>(null);
  const pages = useCursorPages(status ?? '');
  const n = (v: number) => formatNumber(v, i18n.language);
  // The progress as a number: when it moves, the page shown is asked for again.
  const moved = `${progress.status}:${doneOf(progress)}:${progress.counts.sending}`;
  const recipients = useQuery({
    queryKey: ['campaign', campaignId, 'recipients', status, pages.cursor, moved],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/campaigns/{id}/recipients', {
          params: {
            path: { id: campaignId },
            query: { status: status ?? undefined, limit: PAGE_SIZE, cursor: pages.cursor },
          },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = recipients.data?.items ?? [];

  return (
    <Stack component="section" aria-labelledby="mottagare">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4" id="mottagare">
          {t('campaigns.recipients.title')}
        </Title>
        <Group align="flex-end" gap="sm">
          <Select
            label={t('campaigns.recipients.show')}
            data={[
              { value: 'alla', label: t('campaigns.recipients.all', { n: n(progress.total) }) },
              ...RECIPIENT_STATUSES.filter((s) => progress.counts[s] > 0 || s === status).map((s) => ({
                value: s,
                label: `${t(`campaigns.recipientStatus.${s}`)} (${n(progress.counts[s])})`,
              })),
            ]}
            value={status ?? 'alla'}
            onChange={(v) => setStatus(!v || v === 'alla' ? null : (v as RecipientStatus))}
            allowDeselect={false}
            w={240}
          />
          {canExport && <ExportRecipients campaignId={campaignId} status={status} />}
        </Group>
      </Group>
      {recipients.isError && (
        <Alert color="red" role="alert">
          {errorMessage(recipients.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={860}>
        <Table striped aria-busy={recipients.isFetching} aria-label={t('campaigns.recipients.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('campaigns.recipients.name')}</Table.Th>
              <Table.Th>{t('campaigns.recipients.status')}</Table.Th>
              <Table.Th>{t('campaigns.recipients.email')}</Table.Th>
              <Table.Th>{t('campaigns.recipients.sentAt')}</Table.Th>
              <Table.Th>{t('campaigns.recipients.organization')}</Table.Th>
              <Table.Th>{t('campaigns.recipients.note')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {recipients.isPending && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Skeleton height={18} />
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((r) => {
              const name = [r.firstName, r.lastName].filter(Boolean).join(' ');
              return (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    {r.contactId && name ? (
                      <Anchor component={Link} to={`/kontakter/${r.contactId}`}>
                        {name}
                      </Anchor>
                    ) : (
                      name || '–'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <RecipientStatusBadge status={r.status} />
                  </Table.Td>
                  <Table.Td>{r.email}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(r.sentAt, i18n.language)}
                  </Table.Td>
                  <Table.Td>{r.organizationName ?? ''}</Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {r.status === 'uncertain'
                        ? t('campaigns.recipients.uncertainNote')
                        : (r.lastError ?? '')}
                      {r.attempts > 1 && ` ${t('campaigns.recipients.attempts', { n: r.attempts })}`}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
            {recipients.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text c="dimmed">{t('campaigns.recipients.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {recipients.data && (
        <Pager
          page={pages.page}
          nextCursor={recipients.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={recipients.data.total}
          totalIsEstimate={recipients.data.totalIsEstimate}
        />
      )}
    </Stack>
  );
}

type Format = 'csv' | 'xlsx';

/** "Exportera": the recipients (of the status shown) as a file; the API's refusal is shown, never saved. */
function ExportRecipients({ campaignId, status }: { campaignId: string; status: RecipientStatus | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const download = useMutation({
    mutationFn: (format: Format) =>
      downloadFile(
        api.GET('/api/campaigns/{id}/recipients/export', {
          params: { path: { id: campaignId }, query: { format, status: status ?? undefined } },
          parseAs: 'blob',
        }),
        `mottagare.${format}`,
      ),
  });
  return (
    <Stack gap={4} align="flex-end">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="light" loading={download.isPending} aria-haspopup="menu">
            {t('export.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => download.mutate('csv')}>{t('export.csv')}</Menu.Item>
          <Menu.Item onClick={() => download.mutate('xlsx')}>{t('export.xlsx')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {download.isError && (
        <Alert color="red" role="alert" maw={420}>
          {errorMessage(download.error)}
        </Alert>
      )}
    </Stack>
  );
}
