import { ActionIcon, Alert, Badge, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { fullName } from '../../lib/vocabulary';
import type { Meeting } from './MeetingForm';

type Part = Meeting['representatives'][number]['part'];
const PARTS: readonly Part[] = ['elected', 'civil_servant'];

/**
 * The region's representatives at the meeting (one elected, one civil servant wanted; a missing one is said in
 * words): added by searching the contacts, removed one by one.
 */
export function Representatives({ meeting, editable }: { meeting: Meeting; editable: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [contactId, setContactId] = useState<string | null>(null);
  const [part, setPart] = useState<Part>('elected');

  const found = useQuery({
    queryKey: ['contacts', { q: debounced, limit: 20 }],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/contacts', { params: { query: { q: debounced, limit: 20 } }, signal })),
    enabled: debounced.length >= 2,
  });
  const options = (found.data?.items ?? []).map((c) => ({
    value: c.id,
    label: [fullName(c) || c.email, c.organization?.name].filter(Boolean).join(', '),
  }));

  const onSaved = (updated: Meeting) => queryClient.setQueryData(['meeting', meeting.id], updated);
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/meetings/{id}/representatives', {
          params: { path: { id: meeting.id } },
          body: { contactId: contactId!, part },
        }),
      ),
    onSuccess: (updated) => {
      onSaved(updated);
      setContactId(null);
      setSearch('');
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE('/api/meetings/{id}/representatives/{contactId}', {
          params: { path: { id: meeting.id, contactId: id } },
        }),
      ),
    onSuccess: onSaved,
  });
  const addError = add.error instanceof ApiError ? add.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (contactId) add.mutate();
  };

  return (
    <Stack gap="xs" component="section" aria-labelledby="representatives">
      <Title order={2} size="h4" id="representatives">
        {t('meetings.reps.title')}
      </Title>
      {meeting.representativesMissing.length > 0 && (
        <Group gap="xs">
          {meeting.representativesMissing.map((p) => (
            <Badge key={p} color="orange" variant="light">
              {t('meetings.reps.missing', { part: t(`meetings.part.${p}`) })}
            </Badge>
          ))}
        </Group>
      )}
      {meeting.representatives.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('meetings.reps.none')}
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {meeting.representatives.map((r) => {
              const name =
                fullName({ firstName: r.firstName ?? '', lastName: r.lastName ?? '' }) || r.email || '';
              return (
                <Table.Tr key={r.contactId}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>{r.organizationName}</Table.Td>
                  <Table.Td>{t(`meetings.part.${r.part}`)}</Table.Td>
                  {editable && (
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        onClick={() => remove.mutate(r.contactId)}
                        aria-label={t('meetings.reps.remove', { name })}
                        loading={remove.isPending && remove.variables === r.contactId}
                      >
                        ✕
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {remove.isError && (
        <Alert color="red" role="alert">
          {errorMessage(remove.error)}
        </Alert>
      )}
      {editable && (
        <form onSubmit={submit} noValidate>
          <Group align="flex-end" gap="sm">
            <Select
              label={t('meetings.reps.search')}
              placeholder={t('meetings.reps.searchPlaceholder')}
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              data={options}
              filter={({ options: all }) => all}
              value={contactId}
              onChange={setContactId}
              nothingFoundMessage={debounced.length >= 2 ? t('meetings.reps.noneFound') : undefined}
              error={addError?.field('contactId')}
              w={320}
            />
            <Select
              label={t('meetings.reps.part')}
              data={PARTS.map((p) => ({ value: p, label: t(`meetings.part.${p}`) }))}
              value={part}
              onChange={(v) => v && setPart(v as Part)}
              allowDeselect={false}
              error={addError?.field('part')}
              w={180}
            />
            <Button type="submit" disabled={!contactId} loading={add.isPending}>
              {t('meetings.reps.add')}
            </Button>
          </Group>
          {add.isError && !addError?.field('contactId') && !addError?.field('part') && (
            <Alert color="red" role="alert" mt="xs">
              {errorMessage(add.error)}
            </Alert>
          )}
        </form>
      )}
    </Stack>
  );
}
