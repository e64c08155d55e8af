import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { formatNumber } from '../../lib/format';
import { Pager, useCursorPages } from '../../lib/paging';
import { useRegions } from '../../lib/queries';
import { ORGANIZATION_KINDS, type OrganizationKind } from '../../lib/vocabulary';
import { useCan } from '../auth/session';

type Organization = Schemas['OrganizationResponseDto'];
const PAGE_SIZE = 50;

/** Organisationer: search, filter by kind, and change an organisation's kind or region. */
export function OrganizationsPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [kind, setKind] = useState<OrganizationKind | null>(null);
  const [editing, setEditing] = useState<Organization | null>(null);
  const canEdit = useCan('editor');
  const filter = { q: q || undefined, kind: kind ?? undefined };
  const pages = useCursorPages(JSON.stringify(filter));

  const organizations = useQuery({
    queryKey: ['organizations', filter, pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/organizations', {
          params: { query: { ...filter, limit: PAGE_SIZE, cursor: pages.cursor } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const kindOptions = ORGANIZATION_KINDS.map((k) => ({ value: k, label: t(`organizations.kinds.${k}`) }));
  const rows = organizations.data?.items ?? [];

  return (
    <Stack>
      <Title order={1}>{t('organizations.title')}</Title>
      <Paper withBorder p="sm">
        <Group align="flex-end">
          <TextInput
            label={t('organizations.search')}
            placeholder={t('organizations.searchPlaceholder')}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={260}
          />
          <Select
            label={t('organizations.kind')}
            placeholder={t('contacts.any')}
            data={kindOptions}
            value={kind}
            onChange={(v) => setKind(v as OrganizationKind | null)}
            clearable
            w={220}
          />
        </Group>
      </Paper>
      {organizations.isError && (
        <Alert color="red" role="alert">
          {errorMessage(organizations.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover aria-busy={organizations.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('organizations.name')}</Table.Th>
              <Table.Th>{t('organizations.kind')}</Table.Th>
              <Table.Th>{t('organizations.region')}</Table.Th>
              <Table.Th ta="right">{t('organizations.contacts')}</Table.Th>
              {canEdit && (
                <Table.Th>
                  <VisuallyHidden>{t('organizations.edit')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {organizations.isPending &&
              Array.from({ length: 6 }, (_, i) => (
                <Table.Tr key={i}>
                  <Table.Td colSpan={canEdit ? 5 : 4}>
                    <Skeleton height={18} />
                  </Table.Td>
                </Table.Tr>
              ))}
            {rows.map((org) => (
              <Table.Tr key={org.id}>
                <Table.Td>
                  {org.name}
                  {org.shortName ? ` (${org.shortName})` : ''}
                </Table.Td>
                <Table.Td>{t(`organizations.kinds.${org.kind}`)}</Table.Td>
                <Table.Td>{org.region?.name ?? ''}</Table.Td>
                <Table.Td ta="right">{formatNumber(org.contactCount, i18n.language)}</Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => setEditing(org)}
                      aria-label={`${t('organizations.edit')}: ${org.name}`}
                    >
                      {t('organizations.edit')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            {organizations.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={canEdit ? 5 : 4}>
                  <Text c="dimmed">{t('organizations.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {organizations.data && (
        <Pager
          page={pages.page}
          nextCursor={organizations.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={organizations.data.total}
          totalIsEstimate={organizations.data.totalIsEstimate}
        />
      )}
      <Modal
        opened={canEdit && editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t('organizations.editTitle', { name: editing.name }) : ''}
      >
        {editing && (
          <EditOrganization key={editing.id} organization={editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}

function EditOrganization({ organization, onDone }: { organization: Organization; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const regions = useRegions();
  const [kind, setKind] = useState<OrganizationKind>(organization.kind);
  const [regionId, setRegionId] = useState<string | null>(
    organization.regionId === null ? null : String(organization.regionId),
  );
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/organizations/{id}', {
          params: { path: { id: organization.id } },
          body: { kind, regionId: regionId === null ? null : Number(regionId) },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['organizations'] });
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      notifications.show({ color: 'green', message: t('organizations.saved') });
      onDone();
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const formLevel =
    save.isError && !error?.field('kind') && !error?.field('regionId') ? errorMessage(save.error) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <Select
          label={t('organizations.kind')}
          data={ORGANIZATION_KINDS.map((k) => ({ value: k, label: t(`organizations.kinds.${k}`) }))}
          value={kind}
          onChange={(v) => v && setKind(v as OrganizationKind)}
          allowDeselect={false}
          error={error?.field('kind')}
          data-autofocus
        />
        <Select
          label={t('organizations.region')}
          placeholder={t('organizations.noRegion')}
          data={(regions.data?.items ?? []).map((r) => ({ value: String(r.id), label: r.name }))}
          value={regionId}
          onChange={setRegionId}
          searchable
          clearable
          error={error?.field('regionId')}
        />
        {formLevel && (
          <Alert color="red" role="alert">
            {formLevel}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('organizations.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
