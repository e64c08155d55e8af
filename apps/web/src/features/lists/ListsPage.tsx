import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { formatDate, formatNumber } from '../../lib/format';
import { Pager, useCursorPages } from '../../lib/paging';
import { useCan } from '../auth/session';

const PAGE_SIZE = 50;

/** Listor och segment: the static lists (with member counts) and the saved segments (filters), on two tabs. */
export function ListsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('flik') === 'segment' ? 'segments' : 'lists';
  return (
    <Stack>
      <Title order={1}>{t('lists.pageTitle')}</Title>
      <Tabs
        value={tab}
        onChange={(value) => setParams(value === 'segments' ? { flik: 'segment' } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="lists">{t('lists.tab')}</Tabs.Tab>
          <Tabs.Tab value="segments">{t('segments.tab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="lists" pt="md">
          <Lists />
        </Tabs.Panel>
        <Tabs.Panel value="segments" pt="md">
          <Segments />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Lists() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const canEdit = useCan('editor');
  const pages = useCursorPages('lists');
  const lists = useQuery({
    queryKey: ['lists', 'page', pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/lists', { params: { query: { limit: PAGE_SIZE, cursor: pages.cursor } }, signal }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = lists.data?.items ?? [];
  const lang = i18n.language;
  return (
    <Stack>
      {canEdit && <NewList />}
      {lists.isError && (
        <Alert color="red" role="alert">
          {errorMessage(lists.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={520}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('lists.name')}</Table.Th>
              <Table.Th>{t('lists.description')}</Table.Th>
              <Table.Th ta="right">{t('lists.members')}</Table.Th>
              <Table.Th>{t('lists.updated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lists.isPending && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Skeleton height={18} />
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((list) => (
              <Table.Tr key={list.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/listor/${list.id}`}>
                    {list.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{list.description}</Table.Td>
                <Table.Td ta="right">{formatNumber(list.memberCount, lang)}</Table.Td>
                <Table.Td>{formatDate(list.updatedAt, lang)}</Table.Td>
              </Table.Tr>
            ))}
            {lists.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed">{t('lists.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {lists.data && (
        <Pager
          page={pages.page}
          nextCursor={lists.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={lists.data.total}
          totalIsEstimate={lists.data.totalIsEstimate}
        />
      )}
    </Stack>
  );
}

/** A new list: its name (unique) and a description; a refusal shows beside the field, what was typed stays. */
function NewList() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/lists', {
          body: { name: name.trim(), description: description.trim() || null },
        }),
      ),
    onSuccess: (list) => {
      notifications.show({ color: 'green', message: t('lists.created', { name: list.name }) });
      setName('');
      setDescription('');
      void queryClient.invalidateQueries({ queryKey: ['lists'] });
    },
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const nameError = error?.field('name');
  const descriptionError = error?.field('description');
  const formError = create.isError && !nameError && !descriptionError ? errorMessage(create.error) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} noValidate aria-labelledby="ny-lista">
      <Stack gap="xs">
        <Title order={2} size="h4" id="ny-lista">
          {t('lists.newTitle')}
        </Title>
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t('lists.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError}
            required
            w={260}
          />
          <Textarea
            label={t('lists.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={descriptionError}
            autosize
            minRows={1}
            w={320}
          />
        </Group>
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            {t('lists.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Segments() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const canEdit = useCan('editor');
  const pages = useCursorPages('segments');
  const segments = useQuery({
    queryKey: ['segments', pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/segments', { params: { query: { limit: PAGE_SIZE, cursor: pages.cursor } }, signal }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = segments.data?.items ?? [];
  return (
    <Stack>
      <Text size="sm">{t('segments.intro')}</Text>
      {canEdit && (
        <Group>
          <Button component={Link} to="/listor/segment/ny">
            {t('segments.new')}
          </Button>
        </Group>
      )}
      {segments.isError && (
        <Alert color="red" role="alert">
          {errorMessage(segments.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={480}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('segments.name')}</Table.Th>
              <Table.Th>{t('segments.description')}</Table.Th>
              <Table.Th>{t('segments.updated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {segments.isPending && (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Skeleton height={18} />
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((segment) => (
              <Table.Tr key={segment.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/listor/segment/${segment.id}`}>
                    {segment.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{segment.description}</Table.Td>
                <Table.Td>{formatDate(segment.updatedAt, i18n.language)}</Table.Td>
              </Table.Tr>
            ))}
            {segments.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Text c="dimmed">{t('segments.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {segments.data && (
        <Pager
          page={pages.page}
          nextCursor={segments.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={segments.data.total}
          totalIsEstimate={segments.data.totalIsEstimate}
        />
      )}
    </Stack>
  );
}
