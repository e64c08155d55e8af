import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDate } from '../../lib/format';
import { Pager, useCursorPages } from '../../lib/paging';
import { useRegions } from '../../lib/queries';
import {
  CONTACT_LANGUAGES,
  CONTACT_ROLES,
  fullName,
  ORGANIZATION_KINDS,
  type ContactLanguage,
  type ContactRole,
  type OrganizationKind,
} from '../../lib/vocabulary';
import { useCan } from '../auth/session';
import { ExportButton } from '../export/ExportButton';
import { BulkActions } from './BulkActions';

export type ContactRow = Schemas['ContactResponseDto'];
type Sort = 'name' | 'email' | 'createdAt' | 'updatedAt';

const PAGE_SIZE = 50;
type FilterName = 'q' | 'organizationKind' | 'regionId' | 'role' | 'tag' | 'language' | 'sort' | 'order';

/**
 * Kontakter: the register, paged by the API (keyset: page one of 100 000 contacts costs what page one of 100
 * does), filtered and sorted there. The filters live in the address, so "back" from a contact returns to them.
 */
export function ContactsPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const regions = useRegions();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [tagInput, setTagInput] = useState(params.get('tag') ?? '');
  const [debouncedTag] = useDebouncedValue(tagInput.trim(), 300);
  const [selected, setSelected] = useState<Map<string, ContactRow>>(new Map());
  const canEdit = useCan('editor');

  const filter = {
    q: debouncedSearch || undefined,
    organizationKind: (params.get('organizationKind') as OrganizationKind | null) ?? undefined,
    regionId: params.get('regionId') ? Number(params.get('regionId')) : undefined,
    role: (params.get('role') as ContactRole | null) ?? undefined,
    tag: debouncedTag || undefined,
    language: (params.get('language') as ContactLanguage | null) ?? undefined,
    sort: ((params.get('sort') as Sort | null) ?? 'name') as Sort,
    order: (params.get('order') === 'desc' ? 'desc' : 'asc') as 'asc' | 'desc',
  };
  const filterKey = JSON.stringify(filter);
  const pages = useCursorPages(filterKey);

  const contacts = useQuery({
    queryKey: ['contacts', filter, pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/contacts', {
          params: { query: { ...filter, limit: PAGE_SIZE, cursor: pages.cursor } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });

  const setParam = (name: FilterName, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const onSearch = (value: string) => {
    setSearch(value);
    setParam('q', value.trim() || null);
  };

  const sortBy = (column: Sort) => {
    const next = new URLSearchParams(params);
    const order = filter.sort === column && filter.order === 'asc' ? 'desc' : 'asc';
    next.set('sort', column);
    next.set('order', order);
    setParams(next, { replace: true });
  };

  const rows = contacts.data?.items ?? [];
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someOnPage = rows.some((r) => selected.has(r.id));
  const toggle = (row: ContactRow) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(row.id)) next.delete(row.id);
      else next.set(row.id, row);
      return next;
    });
  const togglePage = () =>
    setSelected((current) => {
      const next = new Map(current);
      for (const row of rows) {
        if (allOnPage) next.delete(row.id);
        else next.set(row.id, row);
      }
      return next;
    });

  const openRow = (event: MouseEvent, id: string) => {
    const target = event.target as HTMLElement;
    if (target.closest('a, button, input, label')) return;
    void navigate(`/kontakter/${id}`);
  };

  const kindOptions = ORGANIZATION_KINDS.map((k) => ({ value: k, label: t(`organizations.kinds.${k}`) }));
  const roleOptions = CONTACT_ROLES.map((r) => ({ value: r, label: t(`contacts.roles.${r}`) }));
  const languageOptions = CONTACT_LANGUAGES.map((l) => ({ value: l, label: t(`contacts.languages.${l}`) }));
  const regionOptions = (regions.data?.items ?? []).map((r) => ({ value: String(r.id), label: r.name }));

  const header = (column: Sort, label: string) => {
    const active = filter.sort === column;
    return (
      <Table.Th aria-sort={active ? (filter.order === 'asc' ? 'ascending' : 'descending') : undefined}>
        <UnstyledButton onClick={() => sortBy(column)} aria-label={t('contacts.sortBy', { column: label })}>
          <Text fw={700} size="sm" span>
            {label} {active ? (filter.order === 'asc' ? '▲' : '▼') : ''}
          </Text>
        </UnstyledButton>
      </Table.Th>
    );
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Title order={1}>{t('contacts.title')}</Title>
        {canEdit && (
          <Group gap="sm" align="flex-start">
            <Button component={Link} to="/import" variant="default">
              {t('contacts.importContacts')}
            </Button>
            <ExportButton filter={filter} />
          </Group>
        )}
      </Group>
      <Paper withBorder p="sm">
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('contacts.search')}
            placeholder={t('contacts.searchPlaceholder')}
            value={search}
            onChange={(e) => onSearch(e.currentTarget.value)}
            type="search"
            w={260}
          />
          <Select
            label={t('contacts.organizationKind')}
            placeholder={t('contacts.any')}
            data={kindOptions}
            value={filter.organizationKind ?? null}
            onChange={(v) => setParam('organizationKind', v)}
            clearable
            w={200}
          />
          <Select
            label={t('contacts.region')}
            placeholder={t('contacts.any')}
            data={regionOptions}
            value={filter.regionId ? String(filter.regionId) : null}
            onChange={(v) => setParam('regionId', v)}
            searchable
            clearable
            w={220}
          />
          <Select
            label={t('contacts.role')}
            placeholder={t('contacts.any')}
            data={roleOptions}
            value={filter.role ?? null}
            onChange={(v) => setParam('role', v)}
            clearable
            w={200}
          />
          <TextInput
            label={t('contacts.tag')}
            value={tagInput}
            onChange={(e) => {
              setTagInput(e.currentTarget.value);
              setParam('tag', e.currentTarget.value.trim() || null);
            }}
            w={150}
          />
          <Select
            label={t('contacts.language')}
            placeholder={t('contacts.any')}
            data={languageOptions}
            value={filter.language ?? null}
            onChange={(v) => setParam('language', v)}
            clearable
            w={140}
          />
          <Button
            variant="subtle"
            onClick={() => {
              setSearch('');
              setTagInput('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            {t('contacts.clearFilters')}
          </Button>
        </Group>
      </Paper>

      {canEdit && selected.size > 0 && (
        <BulkActions
          selected={[...selected.values()]}
          onClear={() => setSelected(new Map())}
          onTagged={(updated) =>
            setSelected((current) => {
              const next = new Map(current);
              for (const contact of updated) if (next.has(contact.id)) next.set(contact.id, contact);
              return next;
            })
          }
        />
      )}

      {contacts.isError && (
        <Alert color="red" role="alert">
          {errorMessage(contacts.error)}
        </Alert>
      )}

      <Table.ScrollContainer minWidth={800}>
        <Table highlightOnHover striped aria-busy={contacts.isFetching}>
          <Table.Thead>
            <Table.Tr>
              {canEdit && (
                <Table.Th w={40}>
                  <Checkbox
                    aria-label={t('contacts.selectPage')}
                    checked={allOnPage}
                    indeterminate={someOnPage && !allOnPage}
                    onChange={togglePage}
                  />
                </Table.Th>
              )}
              {header('name', t('contacts.name'))}
              {header('email', t('contacts.email'))}
              <Table.Th>{t('contacts.organization')}</Table.Th>
              <Table.Th>{t('contacts.region')}</Table.Th>
              <Table.Th>{t('contacts.tags')}</Table.Th>
              {header('updatedAt', t('contacts.updated'))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contacts.isPending &&
              Array.from({ length: 8 }, (_, i) => (
                <Table.Tr key={i}>
                  <Table.Td colSpan={canEdit ? 7 : 6}>
                    <Skeleton height={18} />
                  </Table.Td>
                </Table.Tr>
              ))}
            {rows.map((row) => {
              const name = fullName(row) || row.email || row.id;
              return (
                <Table.Tr key={row.id} className="clickable-row" onClick={(e) => openRow(e, row.id)}>
                  {canEdit && (
                    <Table.Td>
                      <Checkbox
                        aria-label={t('contacts.selectRow', { name })}
                        checked={selected.has(row.id)}
                        onChange={() => toggle(row)}
                      />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Anchor component={Link} to={`/kontakter/${row.id}`}>
                      {name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{row.email}</Table.Td>
                  <Table.Td>{row.organization?.name}</Table.Td>
                  <Table.Td>{row.region?.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {row.tags.map((tag) => (
                        <Badge key={tag} variant="light" size="sm">
                          {tag}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatDate(row.updatedAt, i18n.language)}</Table.Td>
                </Table.Tr>
              );
            })}
            {contacts.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={canEdit ? 7 : 6}>
                  <Text c="dimmed">{t('contacts.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {contacts.data && (
        <Pager
          page={pages.page}
          nextCursor={contacts.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={contacts.data.total}
          totalIsEstimate={contacts.data.totalIsEstimate}
        />
      )}
    </Stack>
  );
}
