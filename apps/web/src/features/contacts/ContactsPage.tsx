import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  NativeSelect,
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
import { memo, useCallback, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDate } from '../../lib/format';
import { Pager, useCursorPages } from '../../lib/paging';
import { useRegions } from '../../lib/queries';
import { CONTACT_LANGUAGES, CONTACT_ROLES, fullName, ORGANIZATION_KINDS } from '../../lib/vocabulary';
import { useCan } from '../auth/session';
import { ExportButton } from '../export/ExportButton';
import { BulkActions } from './BulkActions';
import { contactsFilterFrom, contactsQuery, type ContactsSort } from './contacts-query';

export type ContactRow = Schemas['ContactResponseDto'];
type Sort = ContactsSort;
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

  const filter = contactsFilterFrom(params, { q: debouncedSearch, tag: debouncedTag });
  const filterKey = JSON.stringify(filter);
  const pages = useCursorPages(filterKey);
  const contacts = useQuery({
    ...contactsQuery(api, filter, pages.cursor),
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
  const toggle = useCallback(
    (row: ContactRow) =>
      setSelected((current) => {
        const next = new Map(current);
        if (next.has(row.id)) next.delete(row.id);
        else next.set(row.id, row);
        return next;
      }),
    [],
  );
  const togglePage = () =>
    setSelected((current) => {
      const next = new Map(current);
      for (const row of rows) {
        if (allOnPage) next.delete(row.id);
        else next.set(row.id, row);
      }
      return next;
    });

  const openRow = useCallback(
    (event: MouseEvent, id: string) => {
      const target = event.target as HTMLElement;
      if (target.closest('a, button, input, label')) return;
      void navigate(`/kontakter/${id}`);
    },
    [navigate],
  );

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
          <NativeSelect
            label={t('contacts.organizationKind')}
            data={[{ value: '', label: t('contacts.any') }, ...kindOptions]}
            value={filter.organizationKind ?? ''}
            onChange={(e) => setParam('organizationKind', e.currentTarget.value || null)}
            w={200}
          />
          <NativeSelect
            label={t('contacts.region')}
            data={[{ value: '', label: t('contacts.any') }, ...regionOptions]}
            value={filter.regionId ? String(filter.regionId) : ''}
            onChange={(e) => setParam('regionId', e.currentTarget.value || null)}
            w={220}
          />
          <NativeSelect
            label={t('contacts.role')}
            data={[{ value: '', label: t('contacts.any') }, ...roleOptions]}
            value={filter.role ?? ''}
            onChange={(e) => setParam('role', e.currentTarget.value || null)}
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
          <NativeSelect
            label={t('contacts.language')}
            data={[{ value: '', label: t('contacts.any') }, ...languageOptions]}
            value={filter.language ?? ''}
            onChange={(e) => setParam('language', e.currentTarget.value || null)}
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
            {rows.map((row) => (
              <ContactRowView
                key={row.id}
                row={row}
                canEdit={canEdit}
                selected={selected.has(row.id)}
                onToggle={toggle}
                onOpen={openRow}
                language={i18n.language}
              />
            ))}
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

/**
 * One row of the register. Plain elements inside the cells (a native checkbox, a link, tags as spans) rather
 * than Mantine's Checkbox, Anchor, Group and Badge: fifty rows of those were most of the page's first render.
 * Memoised, so ticking one row re-renders that row only.
 */
const ContactRowView = memo(function ContactRowView({
  row,
  canEdit,
  selected,
  onToggle,
  onOpen,
  language,
}: {
  row: ContactRow;
  canEdit: boolean;
  selected: boolean;
  onToggle: (row: ContactRow) => void;
  onOpen: (event: MouseEvent, id: string) => void;
  language: string;
}) {
  const { t } = useTranslation();
  const name = fullName(row) || row.email || row.id;
  return (
    <Table.Tr className="clickable-row" onClick={(e) => onOpen(e, row.id)}>
      {canEdit && (
        <Table.Td>
          <input
            type="checkbox"
            className="row-checkbox"
            aria-label={t('contacts.selectRow', { name })}
            checked={selected}
            onChange={() => onToggle(row)}
          />
        </Table.Td>
      )}
      <Table.Td>
        <Link className="table-link" to={`/kontakter/${row.id}`}>
          {name}
        </Link>
      </Table.Td>
      <Table.Td>{row.email}</Table.Td>
      <Table.Td>{row.organization?.name}</Table.Td>
      <Table.Td>{row.region?.name}</Table.Td>
      <Table.Td>
        {row.tags.length > 0 && (
          <span className="tag-list">
            {row.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </span>
        )}
      </Table.Td>
      <Table.Td>{formatDate(row.updatedAt, language)}</Table.Td>
    </Table.Tr>
  );
});
