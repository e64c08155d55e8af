import {
  Alert,
  Anchor,
  Button,
  Drawer,
  Group,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { formatDateTime } from '../../lib/format';
import { fullName } from '../../lib/vocabulary';
import { HOSTING_STATUSES, type BoardItem, type HostingStatus } from './hosting';
import { useCan } from '../auth/session';

type Board = Schemas['RegionBoardDto'];

/** One region of a round: its status (set by hand here), its people, its history and its meeting. */
export function RegionDrawer({
  roundId,
  item,
  onClose,
}: {
  roundId: string;
  item: BoardItem | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={item !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={item ? item.name : ''}
      closeButtonProps={{ 'aria-label': t('regions.closeDrawer') }}
    >
      {item && <RegionDetails key={`${roundId}:${item.regionId}`} roundId={roundId} item={item} />}
    </Drawer>
  );
}

function RegionDetails({ roundId, item }: { roundId: string; item: BoardItem }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const canEdit = useCan('editor');

  const people = useQuery({
    queryKey: ['contacts', { regionId: item.regionId, organizationKind: 'region' }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/contacts', {
          params: { query: { regionId: item.regionId, organizationKind: 'region', limit: 100 } },
          signal,
        }),
      ),
  });
  const history = useQuery({
    queryKey: ['round-region-history', roundId, item.regionId],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/rounds/{id}/regions/{regionId}/history', {
          params: { path: { id: roundId, regionId: item.regionId } },
          signal,
        }),
      ),
  });

  return (
    <Stack>
      <Text>
        {t('regions.currentStatus')}: <strong>{t(`regions.status.${item.status}`)}</strong>
      </Text>
      {item.note && <Text size="sm">{t('regions.noteIs', { note: item.note })}</Text>}

      <Stack component="section" gap="xs" aria-labelledby="region-meeting">
        <Title order={3} size="h4" id="region-meeting">
          {t('regions.meeting')}
        </Title>
        {item.meeting ? (
          <Text size="sm">
            <Anchor component={Link} to={`/moten/${item.meeting.id}`}>
              {formatDateTime(item.meeting.startsAt, i18n.language)}
              {item.meeting.city ? `, ${item.meeting.city}` : ''}
            </Anchor>
          </Text>
        ) : (
          <Group>
            <Text size="sm" c="dimmed">
              {t('regions.noMeeting')}
            </Text>
            {canEdit && (
              <Button
                component={Link}
                to={`/moten?ny=1&omgang=${roundId}&region=${item.regionId}`}
                size="xs"
                variant="light"
              >
                {t('regions.planMeeting')}
              </Button>
            )}
          </Group>
        )}
      </Stack>

      {canEdit && <StatusForm roundId={roundId} item={item} />}

      <Stack component="section" gap="xs" aria-labelledby="region-people">
        <Title order={3} size="h4" id="region-people">
          {t('regions.people')}
        </Title>
        {people.isPending && <Skeleton height={60} />}
        {people.isError && (
          <Alert color="red" role="alert">
            {errorMessage(people.error)}
          </Alert>
        )}
        {people.data && people.data.items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('regions.noPeople')}
          </Text>
        )}
        {people.data && people.data.items.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('regions.personName')}</Table.Th>
                <Table.Th>{t('regions.personRoles')}</Table.Th>
                <Table.Th>{t('regions.personEmail')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {people.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/kontakter/${p.id}`}>
                      {fullName(p) || p.email}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{p.roles.map((r) => t(`contacts.roles.${r}`)).join(', ')}</Table.Td>
                  <Table.Td>{p.email}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>

      <Stack component="section" gap="xs" aria-labelledby="region-history">
        <Title order={3} size="h4" id="region-history">
          {t('regions.history')}
        </Title>
        {history.isPending && <Skeleton height={60} />}
        {history.isError && (
          <Alert color="red" role="alert">
            {errorMessage(history.error)}
          </Alert>
        )}
        {history.data && history.data.items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('regions.noHistory')}
          </Text>
        )}
        <Stack gap={6} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {history.data?.items.map((h) => (
            <li key={h.id}>
              <Text size="sm">
                <strong>{formatDateTime(h.createdAt, i18n.language)}</strong>{' '}
                {h.fromStatus
                  ? t('regions.historyChange', {
                      from: t(`regions.status.${h.fromStatus}`),
                      to: t(`regions.status.${h.toStatus}`),
                    })
                  : t(`regions.status.${h.toStatus}`)}{' '}
                ({t(`regions.cause.${h.cause}`)}
                {h.actorName ? `, ${h.actorName}` : ''}
                {h.contactName ? `, ${h.contactName}` : ''})
              </Text>
              {h.note && (
                <Text size="xs" c="dimmed">
                  {h.note}
                </Text>
              )}
            </li>
          ))}
        </Stack>
      </Stack>
    </Stack>
  );
}

/**
 * PATCH /api/rounds/:id/regions/:regionId {status, note}: the region's status set by hand, kept as history. A
 * refusal shows beside the field it names, and what was chosen and typed stays.
 */
export function StatusForm({ roundId, item }: { roundId: string; item: BoardItem }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<HostingStatus>(item.status);
  const [note, setNote] = useState('');

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/rounds/{id}/regions/{regionId}', {
          params: { path: { id: roundId, regionId: item.regionId } },
          body: { status, note: note.trim() === '' ? null : note.trim() },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData<Board>(['round-board', roundId], (board) =>
        board ? { items: board.items.map((i) => (i.regionId === updated.regionId ? updated : i)) } : board,
      );
      void queryClient.invalidateQueries({ queryKey: ['round-board', roundId] });
      void queryClient.invalidateQueries({ queryKey: ['round-region-history', roundId, item.regionId] });
      setNote('');
      notifications.show({ color: 'green', message: t('regions.statusSaved') });
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const statusError = error?.field('status');
  const noteError = error?.field('note');
  const formLevel = save.isError && !statusError && !noteError ? errorMessage(save.error) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="region-status-form">
      <Stack gap="xs">
        <Title order={3} size="h4" id="region-status-form">
          {t('regions.setStatus')}
        </Title>
        {formLevel && (
          <Alert color="red" role="alert">
            {formLevel}
          </Alert>
        )}
        <Select
          label={t('regions.newStatus')}
          data={HOSTING_STATUSES.map((s) => ({ value: s, label: t(`regions.status.${s}`) }))}
          value={status}
          onChange={(v) => v && setStatus(v as HostingStatus)}
          allowDeselect={false}
          error={statusError}
        />
        <Textarea
          label={t('regions.note')}
          description={t('regions.noteHint')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          error={noteError}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('regions.saveStatus')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
