import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
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
import { Link, useNavigate, useSearchParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { Pager, useCursorPages } from '../../lib/paging';
import { useRegions } from '../../lib/queries';
import { useCan } from '../auth/session';
import { useRounds } from '../rounds/queries';
import { MeetingForm, type Meeting } from './MeetingForm';

export const MEETING_STATUSES: readonly Meeting['status'][] = ['planned', 'invited', 'held', 'cancelled'];
const PAGE_SIZE = 50;

/**
 * Möten: every meeting in time order, filtered by round, region and status (in the address), paged by the API;
 * "Nytt möte" opens the form (also from a region's drawer: ?ny=1&omgang=&region=).
 */
export function MeetingsPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const rounds = useRounds();
  const regions = useRegions();
  const canEdit = useCan('editor');

  const filter = {
    roundId: params.get('omgang') ?? undefined,
    regionId: params.get('region') ? Number(params.get('region')) : undefined,
    status: (params.get('status') as Meeting['status'] | null) ?? undefined,
  };
  const pages = useCursorPages(JSON.stringify(filter));
  const meetings = useQuery({
    queryKey: ['meetings', filter, pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/meetings', {
          params: { query: { ...filter, limit: PAGE_SIZE, cursor: pages.cursor } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });

  const creating = canEdit && params.get('ny') === '1';
  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const n = (v: number) => formatNumber(v, i18n.language);
  const rows = meetings.data?.items ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('meetings.title')}</Title>
        {canEdit && <Button onClick={() => setParam('ny', '1')}>{t('meetings.new')}</Button>}
      </Group>
      <Paper withBorder p="sm">
        <Group align="flex-end" gap="sm">
          <Select
            label={t('meetings.round')}
            placeholder={t('meetings.any')}
            data={(rounds.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
            value={filter.roundId ?? null}
            onChange={(v) => setParam('omgang', v)}
            clearable
            w={260}
          />
          <Select
            label={t('meetings.region')}
            placeholder={t('meetings.any')}
            data={(regions.data?.items ?? []).map((r) => ({ value: String(r.id), label: r.name }))}
            value={filter.regionId ? String(filter.regionId) : null}
            onChange={(v) => setParam('region', v)}
            searchable
            clearable
            w={220}
          />
          <Select
            label={t('meetings.statusFilter')}
            placeholder={t('meetings.any')}
            data={MEETING_STATUSES.map((s) => ({ value: s, label: t(`meetings.status.${s}`) }))}
            value={filter.status ?? null}
            onChange={(v) => setParam('status', v)}
            clearable
            w={180}
          />
        </Group>
      </Paper>
      {meetings.isError && (
        <Alert color="red" role="alert">
          {errorMessage(meetings.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={800}>
        <Table striped highlightOnHover aria-busy={meetings.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('meetings.meeting')}</Table.Th>
              <Table.Th>{t('meetings.when')}</Table.Th>
              <Table.Th>{t('meetings.region')}</Table.Th>
              <Table.Th>{t('meetings.place')}</Table.Th>
              <Table.Th>{t('meetings.statusFilter')}</Table.Th>
              <Table.Th>{t('meetings.answers')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {meetings.isPending &&
              Array.from({ length: 5 }, (_, i) => (
                <Table.Tr key={i}>
                  <Table.Td colSpan={6}>
                    <Skeleton height={18} />
                  </Table.Td>
                </Table.Tr>
              ))}
            {rows.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/moten/${m.id}`}>
                    {m.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{formatDateTime(m.startsAt, i18n.language)}</Table.Td>
                <Table.Td>{m.region.name}</Table.Td>
                <Table.Td>{[m.venue, m.city].filter(Boolean).join(', ')}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={m.status === 'cancelled' ? 'gray' : 'blue'}>
                    {t(`meetings.status.${m.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {t('meetings.answersCell', {
                    yes: n(m.responseCounts.yes),
                    invited: n(m.responseCounts.invited),
                  })}
                </Table.Td>
              </Table.Tr>
            ))}
            {meetings.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text c="dimmed">{t('meetings.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {meetings.data && (
        <Pager
          page={pages.page}
          nextCursor={meetings.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={meetings.data.total}
          totalIsEstimate={meetings.data.totalIsEstimate}
        />
      )}
      <Modal opened={creating} onClose={() => setParam('ny', null)} title={t('meetings.new')} size="xl">
        {creating && (
          <MeetingForm
            initial={{
              roundId: params.get('omgang') ?? rounds.data?.[0]?.id ?? '',
              regionId: params.get('region') ?? '',
            }}
            onDone={(saved) => {
              if (saved) void navigate(`/moten/${saved.id}`);
              else setParam('ny', null);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
