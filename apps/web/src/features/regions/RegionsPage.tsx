import {
  Alert,
  Button,
  Grid,
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
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useCan } from '../auth/session';
import { useRounds } from '../rounds/queries';
import { HOSTING_STYLE, type BoardItem } from './hosting';
import { HostRequests } from './HostRequests';
import { RegionDrawer } from './RegionDrawer';
import { RegionLegend, RegionMap } from './RegionMap';
import mapClasses from './RegionMap.module.css';

type Round = Schemas['RoundDto'];

/**
 * Regioner: a round's 21 regions as a map coloured by hosting status (with a legend and symbols) and as a
 * table with the same data; a region opens a drawer with its people, history and meeting, where its status can
 * be set by hand. The round is chosen in the address (?omgang=), the newest by default.
 */
export function RegionsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const [newRoundOpened, newRound] = useDisclosure(false);
  const canEdit = useCan('editor');
  const [openRegionId, setOpenRegionId] = useState<number | null>(null);
  const rounds = useRounds();
  const roundId = params.get('omgang') ?? rounds.data?.[0]?.id ?? null;

  const board = useQuery({
    queryKey: ['round-board', roundId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/rounds/{id}/regions', { params: { path: { id: roundId! } }, signal })),
    enabled: roundId !== null,
  });
  const items = board.data?.items ?? [];
  const openItem = items.find((i) => i.regionId === openRegionId) ?? null;

  const chooseRound = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('omgang', id);
    else next.delete('omgang');
    setParams(next, { replace: true });
    setOpenRegionId(null);
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('regions.title')}</Title>
        <Group align="flex-end">
          <Select
            label={t('rounds.round')}
            data={(rounds.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
            value={roundId}
            onChange={chooseRound}
            allowDeselect={false}
            w={300}
            placeholder={rounds.isPending ? t('app.loading') : t('rounds.noRounds')}
          />
          {canEdit && (
            <Button variant="light" onClick={newRound.open}>
              {t('rounds.newRound')}
            </Button>
          )}
        </Group>
      </Group>
      {rounds.isError && (
        <Alert color="red" role="alert">
          {errorMessage(rounds.error)}
        </Alert>
      )}
      {rounds.isSuccess && rounds.data.length === 0 && (
        <Text>{canEdit ? t('rounds.noRoundsYet') : t('rounds.noRoundsViewer')}</Text>
      )}
      <RoundDeadline round={rounds.data?.find((r) => r.id === roundId)} />

      {board.isPending && roundId && <Skeleton height={300} />}
      {board.isError && (
        <Alert color="red" role="alert">
          {errorMessage(board.error)}
        </Alert>
      )}
      {board.data && roundId && (
        <>
          <Grid>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Paper withBorder p="md" component="section" aria-labelledby="region-map">
                <Title order={2} size="h4" id="region-map" mb="sm">
                  {t('regions.map')}
                </Title>
                <Group align="flex-start" wrap="wrap" gap="lg">
                  <div style={{ flex: '1 1 220px', minWidth: 200 }}>
                    <RegionMap
                      board={items}
                      selectedCode={openItem?.code ?? null}
                      onOpen={(item) => setOpenRegionId(item.regionId)}
                    />
                  </div>
                  <div style={{ flex: '0 1 200px' }}>
                    <Text fw={600} size="sm" mb={6} id="region-legend">
                      {t('regions.legend')}
                    </Text>
                    <RegionLegend board={items} />
                  </div>
                </Group>
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <HostRequests roundId={roundId} board={items} />
            </Grid.Col>
          </Grid>
          <BoardTable items={items} onOpen={(item) => setOpenRegionId(item.regionId)} />
          <RegionDrawer roundId={roundId} item={openItem} onClose={() => setOpenRegionId(null)} />
        </>
      )}

      <Modal opened={canEdit && newRoundOpened} onClose={newRound.close} title={t('rounds.newRound')}>
        {newRoundOpened && (
          <NewRoundForm
            onDone={(created) => {
              newRound.close();
              if (created) chooseRound(created.id);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function RoundDeadline({ round }: { round: Round | undefined }) {
  const { t } = useTranslation();
  if (!round?.responseDeadline) return null;
  return <Text size="sm">{t('rounds.deadlineIs', { date: round.responseDeadline })}</Text>;
}

/** The board as a table: the same data as the map, for reading and for screen readers. */
function BoardTable({ items, onOpen }: { items: BoardItem[]; onOpen: (item: BoardItem) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover aria-label={t('regions.table')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('regions.region')}</Table.Th>
            <Table.Th>{t('regions.statusColumn')}</Table.Th>
            <Table.Th>{t('regions.asked')}</Table.Th>
            <Table.Th>{t('regions.lastActivity')}</Table.Th>
            <Table.Th>{t('regions.latestAnswer')}</Table.Th>
            <Table.Th>{t('regions.meetingDate')}</Table.Th>
            <Table.Th>{t('regions.meetingCity')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const style = HOSTING_STYLE[item.status];
            return (
              <Table.Tr key={item.regionId}>
                <Table.Td>
                  <UnstyledButton
                    onClick={() => onOpen(item)}
                    aria-label={t('regions.openRegion', { name: item.name })}
                    td="underline"
                    c="blue.8"
                  >
                    {item.name}
                  </UnstyledButton>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <span
                      className={mapClasses.swatch}
                      style={{ background: style.fill, color: style.ink }}
                      aria-hidden="true"
                    >
                      {style.symbol}
                    </span>
                    <Text size="sm">{t(`regions.status.${item.status}`)}</Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  {item.askedContact ? (
                    <>
                      {item.askedContact.name}
                      {item.askedContact.organization && (
                        <Text size="xs" c="dimmed">
                          {item.askedContact.organization}
                        </Text>
                      )}
                    </>
                  ) : (
                    ''
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(item.lastActivityAt, i18n.language)}</Table.Td>
                <Table.Td>
                  {item.latestAnswer && (
                    <>
                      {t(`regions.answer.${item.latestAnswer.answer}`)}
                      <Text size="xs" c="dimmed">
                        {[
                          item.latestAnswer.contactName,
                          formatDate(item.latestAnswer.answeredAt, i18n.language),
                        ]
                          .filter(Boolean)
                          .join(', ')}
                      </Text>
                    </>
                  )}
                </Table.Td>
                <Table.Td>
                  {item.meeting ? formatDateTime(item.meeting.startsAt, i18n.language) : ''}
                </Table.Td>
                <Table.Td>{item.meeting?.city ?? ''}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** "Ny omgång": a name and the last day to answer (POST /api/rounds); a refusal shows beside its field. */
function NewRoundForm({ onDone }: { onDone: (created: Round | null) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [deadline, setDeadline] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/rounds', {
          body: { name: name.trim(), responseDeadline: deadline === '' ? null : deadline },
        }),
      ),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['rounds'] });
      onDone(created);
    },
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const formLevel =
    create.isError && !error?.field('name') && !error?.field('responseDeadline')
      ? errorMessage(create.error)
      : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {formLevel && (
          <Alert color="red" role="alert">
            {formLevel}
          </Alert>
        )}
        <TextInput
          label={t('rounds.name')}
          placeholder={t('rounds.namePlaceholder')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={error?.field('name')}
          required
          data-autofocus
        />
        <TextInput
          type="date"
          label={t('rounds.deadline')}
          description={t('rounds.deadlineHint')}
          value={deadline}
          onChange={(e) => setDeadline(e.currentTarget.value)}
          error={error?.field('responseDeadline')}
        />
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('rounds.create')}
          </Button>
          <Button variant="default" onClick={() => onDone(null)} disabled={create.isPending}>
            {t('rounds.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
