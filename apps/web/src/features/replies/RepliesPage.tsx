import {
  Alert,
  Anchor,
  Badge,
  Group,
  NativeSelect,
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

const PAGE_SIZE = 50;
export const REPLY_KINDS = [
  'reply',
  'auto_reply',
  'hard_bounce',
  'soft_bounce',
  'complaint',
  'unreadable',
] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

/**
 * Svar: the inbox of mail that came back (replies, automatic replies, bounces, complaints, what could not be
 * read), newest first, filtered by kind and handled, and by ?kampanj= or ?mote= when reached from a campaign
 * or a meeting. The filters live in the address, so a filtered view can be linked to.
 */
export function RepliesPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const kind = (params.get('slag') as ReplyKind | null) ?? undefined;
  const handledParam = params.get('hanterat');
  const handled = handledParam === 'ja' ? 'true' : handledParam === 'nej' ? 'false' : undefined;
  const campaignId = params.get('kampanj') ?? undefined;
  const meetingId = params.get('mote') ?? undefined;
  const pages = useCursorPages([kind, handled, campaignId, meetingId].join('|'));
  const replies = useQuery({
    queryKey: ['replies', kind ?? null, handled ?? null, campaignId ?? null, meetingId ?? null, pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/replies', {
          params: { query: { kind, handled, campaignId, meetingId, limit: PAGE_SIZE, cursor: pages.cursor } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = replies.data?.items ?? [];
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <Stack>
      <Title order={1}>{t('replies.title')}</Title>
      <Text size="sm" c="dimmed" maw={720}>
        {t('replies.intro')}
      </Text>
      <Group align="end">
        <NativeSelect
          label={t('replies.kind')}
          value={kind ?? ''}
          onChange={(e) => setParam('slag', e.currentTarget.value)}
          data={[
            { value: '', label: t('replies.all') },
            ...REPLY_KINDS.map((k) => ({ value: k, label: t(`replies.kinds.${k}`) })),
          ]}
        />
        <NativeSelect
          label={t('replies.handled')}
          value={handledParam ?? ''}
          onChange={(e) => setParam('hanterat', e.currentTarget.value)}
          data={[
            { value: '', label: t('replies.all') },
            { value: 'nej', label: t('replies.no') },
            { value: 'ja', label: t('replies.yes') },
          ]}
        />
      </Group>
      {(campaignId || meetingId) && (
        <Group gap="xs">
          <Text size="sm">{t('replies.filtered')}</Text>
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => {
              const next = new URLSearchParams(params);
              next.delete('kampanj');
              next.delete('mote');
              setParams(next, { replace: true });
            }}
          >
            {t('replies.showAll')}
          </Anchor>
        </Group>
      )}
      {replies.isError && (
        <Alert color="red" role="alert">
          {errorMessage(replies.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover aria-busy={replies.isFetching} aria-label={t('replies.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('replies.date')}</Table.Th>
              <Table.Th>{t('replies.kind')}</Table.Th>
              <Table.Th>{t('replies.from')}</Table.Th>
              <Table.Th>{t('replies.subject')}</Table.Th>
              <Table.Th>{t('replies.mailing')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {replies.isPending &&
              Array.from({ length: 4 }, (_, i) => (
                <Table.Tr key={i}>
                  <Table.Td colSpan={5}>
                    <Skeleton height={18} />
                  </Table.Td>
                </Table.Tr>
              ))}
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(r.receivedAt, i18n.language)}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm">{t(`replies.kinds.${r.kind}`)}</Text>
                    {r.handled && (
                      <Badge size="xs" variant="light" color="gray">
                        {t('replies.handledYes')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{r.contactName ?? r.fromName ?? r.fromAddress ?? ''}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/svar/${r.id}`}>
                    {r.subject || r.reason || t('replies.noSubject')}
                  </Anchor>
                </Table.Td>
                <Table.Td>{r.mailingTitle ?? ''}</Table.Td>
              </Table.Tr>
            ))}
            {replies.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text c="dimmed">{t('replies.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {replies.data && (
        <Pager
          page={pages.page}
          nextCursor={replies.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={replies.data.total}
          totalIsEstimate={replies.data.totalIsEstimate}
        />
      )}
    </Stack>
  );
}
