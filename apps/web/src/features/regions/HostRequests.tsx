import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { useCan } from '../auth/session';
import { SendProgress } from '../outreach/SendProgress';
import { CONTACT_ROLES, type ContactRole } from '../../lib/vocabulary';
import type { BoardItem } from './hosting';

type CreateSend = Schemas['CreateOutreachSendDto'];

const numberOrNull = (v: number | string): number | null => (typeof v === 'number' ? v : null);

/**
 * The round's host requests, each with its progress, and "Skicka värdförfrågan": a request to the contacts of
 * the region organisations with the chosen roles (kulturchef unless changed), created and started in one go
 * (POST /api/rounds/:id/host-requests, then POST /api/outreach-sends/:id/start).
 */
export function HostRequests({ roundId, board }: { roundId: string; board: readonly BoardItem[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const [opened, { open, close }] = useDisclosure(false);
  const canEdit = useCan('editor');
  const sends = useQuery({
    queryKey: ['host-requests', roundId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/rounds/{id}/host-requests', { params: { path: { id: roundId } }, signal })),
  });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="host-requests">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="host-requests">
            {t('rounds.hostRequests')}
          </Title>
          {canEdit && <Button onClick={open}>{t('rounds.sendHostRequest')}</Button>}
        </Group>
        {sends.isError && (
          <Alert color="red" role="alert">
            {errorMessage(sends.error)}
          </Alert>
        )}
        {sends.data && sends.data.items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('rounds.noHostRequests')}
          </Text>
        )}
        {sends.data?.items.map((send) => (
          <Paper key={send.id} withBorder p="sm">
            <SendProgress send={send} invalidateKey={['round-board', roundId]} />
          </Paper>
        ))}
      </Stack>
      <Modal opened={canEdit && opened} onClose={close} title={t('rounds.sendHostRequest')} size="lg">
        {opened && <HostRequestForm roundId={roundId} board={board} onDone={close} />}
      </Modal>
    </Paper>
  );
}

function HostRequestForm({
  roundId,
  board,
  onDone,
}: {
  roundId: string;
  board: readonly BoardItem[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(t('rounds.hostRequestDefaultTitle'));
  const [roles, setRoles] = useState<ContactRole[]>(['kulturchef']);
  const [regionIds, setRegionIds] = useState<string[]>([]);
  const [remindAfterDays, setRemindAfterDays] = useState<number | string>(7);
  const [maxReminders, setMaxReminders] = useState<number | string>(1);

  const send = useMutation({
    mutationFn: async () => {
      const body: CreateSend = {
        title: title.trim() || undefined,
        remindAfterDays: numberOrNull(remindAfterDays),
        maxReminders: numberOrNull(maxReminders) ?? 0,
        audience: {
          roles,
          ...(regionIds.length > 0 ? { regionIds: regionIds.map(Number) } : {}),
        },
      };
      const created = await unwrap(
        api.POST('/api/rounds/{id}/host-requests', { params: { path: { id: roundId } }, body }),
      );
      // Created but not started (the start refused): the draft stays in the list, with its own start button.
      void queryClient.invalidateQueries({ queryKey: ['host-requests', roundId] });
      return unwrap(api.POST('/api/outreach-sends/{id}/start', { params: { path: { id: created.id } } }));
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['host-requests', roundId] });
      void queryClient.invalidateQueries({ queryKey: ['round-board', roundId] });
      onDone();
    },
  });
  const error = send.error instanceof ApiError ? send.error : null;
  const fields = ['title', 'audience', 'remindAfterDays', 'maxReminders'];
  const formLevel = send.isError && !fields.some((f) => error?.field(f)) ? errorMessage(send.error) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };

  const regionOptions = board.map((b) => ({
    value: String(b.regionId),
    label: `${b.name} (${t(`regions.status.${b.status}`)})`,
  }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('rounds.hostRequestIntro')}</Text>
        {formLevel && (
          <Alert color="red" role="alert">
            {formLevel}
          </Alert>
        )}
        <TextInput
          label={t('rounds.sendTitle')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={error?.field('title')}
        />
        <MultiSelect
          label={t('rounds.roles')}
          description={t('rounds.rolesHint')}
          data={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contacts.roles.${r}`) }))}
          value={roles}
          onChange={(v) => setRoles(v as ContactRole[])}
          error={error?.field('audience')}
          required
        />
        <MultiSelect
          label={t('rounds.regions')}
          description={t('rounds.regionsHint')}
          placeholder={t('rounds.allRegions')}
          data={regionOptions}
          value={regionIds}
          onChange={setRegionIds}
          searchable
          clearable
        />
        <Group grow>
          <NumberInput
            label={t('rounds.remindAfterDays')}
            description={t('rounds.remindAfterDaysHint')}
            value={remindAfterDays}
            onChange={setRemindAfterDays}
            min={1}
            max={60}
            allowDecimal={false}
            error={error?.field('remindAfterDays')}
          />
          <NumberInput
            label={t('rounds.maxReminders')}
            value={maxReminders}
            onChange={setMaxReminders}
            min={0}
            max={5}
            allowDecimal={false}
            error={error?.field('maxReminders')}
          />
        </Group>
        <Group>
          <Button type="submit" loading={send.isPending} disabled={roles.length === 0}>
            {t('rounds.sendNow')}
          </Button>
          <Button variant="default" onClick={onDone} disabled={send.isPending}>
            {t('rounds.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
