import { Alert, Anchor, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { Pager, useCursorPages } from '../../lib/paging';
import { fullName } from '../../lib/vocabulary';

const PAGE_SIZE = 50;

/** One list: its name, description and members, 50 a page by name. */
export function ListPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const pages = useCursorPages(id);
  const list = useQuery({
    queryKey: ['list', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/lists/{id}', { params: { path: { id } }, signal })),
  });
  const members = useQuery({
    queryKey: ['list', id, 'members', pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/lists/{id}/members', {
          params: { path: { id }, query: { limit: PAGE_SIZE, cursor: pages.cursor, sort: 'name' } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = members.data?.items ?? [];
  return (
    <Stack>
      <Anchor component={Link} to="/listor" size="sm">
        {t('lists.back')}
      </Anchor>
      <Title order={1}>{list.data?.name ?? t('lists.list')}</Title>
      {list.data?.description && <Text>{list.data.description}</Text>}
      {(list.isError || members.isError) && (
        <Alert color="red" role="alert">
          {errorMessage(list.error ?? members.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={560}>
        <Table striped aria-label={t('lists.membersOf', { name: list.data?.name ?? '' })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('contacts.name')}</Table.Th>
              <Table.Th>{t('contacts.email')}</Table.Th>
              <Table.Th>{t('contacts.organization')}</Table.Th>
              <Table.Th>{t('contacts.region')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.isPending && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Skeleton height={18} />
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/kontakter/${c.id}`}>
                    {fullName(c) || c.email || c.id}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.email}</Table.Td>
                <Table.Td>{c.organization?.name}</Table.Td>
                <Table.Td>{c.region?.name}</Table.Td>
              </Table.Tr>
            ))}
            {members.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed">{t('lists.noMembers')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {members.data && (
        <Pager
          page={pages.page}
          nextCursor={members.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={members.data.total}
          totalIsEstimate={members.data.totalIsEstimate}
        />
      )}
    </Stack>
  );
}
