import { Alert, Anchor, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../lib/format';
import { Pager, useCursorPages } from '../../lib/paging';

const PAGE_SIZE = 50;

/**
 * Utkorgen: what would have been sent while no SMTP server is set up (the messages stay on this machine),
 * newest first, paged by the API; ?utskick=<id> shows one mailing's. A message opens as the recipient would
 * see it.
 */
export function OutboxPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const mailingId = params.get('utskick') ?? undefined;
  const pages = useCursorPages(mailingId ?? '');
  const outbox = useQuery({
    queryKey: ['outbox', mailingId ?? null, pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/outbox', {
          params: { query: { mailingId, limit: PAGE_SIZE, cursor: pages.cursor } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = outbox.data?.items ?? [];
  const back = mailingId ? `?utskick=${encodeURIComponent(mailingId)}` : '';

  return (
    <Stack>
      <Title order={1}>{t('outbox.title')}</Title>
      <Text size="sm" c="dimmed" maw={720}>
        {t('outbox.intro')}
      </Text>
      {mailingId && (
        <Group gap="xs">
          <Text size="sm">{t('outbox.filtered')}</Text>
          <Anchor component="button" type="button" size="sm" onClick={() => setParams({}, { replace: true })}>
            {t('outbox.showAll')}
          </Anchor>
        </Group>
      )}
      {outbox.isError && (
        <Alert color="red" role="alert">
          {errorMessage(outbox.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover aria-busy={outbox.isFetching} aria-label={t('outbox.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('outbox.date')}</Table.Th>
              <Table.Th>{t('outbox.to')}</Table.Th>
              <Table.Th>{t('outbox.subject')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {outbox.isPending &&
              Array.from({ length: 4 }, (_, i) => (
                <Table.Tr key={i}>
                  <Table.Td colSpan={3}>
                    <Skeleton height={18} />
                  </Table.Td>
                </Table.Tr>
              ))}
            {rows.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(m.createdAt, i18n.language)}
                </Table.Td>
                <Table.Td>{m.to}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/utkorg/${m.id}${back}`}>
                    {m.subject || t('outbox.noSubject')}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
            {outbox.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Text c="dimmed">{t('outbox.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {outbox.data && (
        <Pager
          page={pages.page}
          nextCursor={outbox.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={outbox.data.total}
          totalIsEstimate={outbox.data.totalIsEstimate}
        />
      )}
    </Stack>
  );
}
