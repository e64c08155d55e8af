import {
  Alert,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { useLists, useSegments } from '../../lib/queries';
import { ORGANIZATION_KINDS, type OrganizationKind } from '../../lib/vocabulary';
import { SendProgress } from '../outreach/SendProgress';
import type { Meeting } from './MeetingForm';

type CreateSend = Schemas['CreateOutreachSendDto'];

const numberOrNull = (v: number | string): number | null => (typeof v === 'number' ? v : null);

/**
 * The meeting's invitations with their progress, and a new one: an audience of lists, segments and organisation
 * kinds, reminder settings, saved as a draft or started at once (POST /api/meetings/:id/invitations, then
 * POST /api/outreach-sends/:id/start).
 */
export function Invitations({ meeting, editable }: { meeting: Meeting; editable: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const [composing, setComposing] = useState(false);
  const sends = useQuery({
    queryKey: ['invitations', meeting.id],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/meetings/{id}/invitations', { params: { path: { id: meeting.id } }, signal })),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('meetings.invite.title')}
        </Title>
        {editable && !composing && (
          <Button onClick={() => setComposing(true)}>{t('meetings.invite.new')}</Button>
        )}
      </Group>
      {composing && (
        <Paper withBorder p="md">
          <InvitationForm meeting={meeting} onDone={() => setComposing(false)} />
        </Paper>
      )}
      {sends.isError && (
        <Alert color="red" role="alert">
          {errorMessage(sends.error)}
        </Alert>
      )}
      {sends.data && sends.data.items.length === 0 && !composing && (
        <Text size="sm" c="dimmed">
          {t('meetings.invite.none')}
        </Text>
      )}
      {sends.data?.items.map((send) => (
        <Paper withBorder p="sm" key={send.id}>
          <SendProgress send={send} invalidateKey={['invitations', meeting.id]} />
        </Paper>
      ))}
    </Stack>
  );
}

function InvitationForm({ meeting, onDone }: { meeting: Meeting; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const lists = useLists();
  const segments = useSegments();
  const [title, setTitle] = useState(t('meetings.invite.defaultTitle', { title: meeting.title }));
  const [listIds, setListIds] = useState<string[]>([]);
  const [segmentIds, setSegmentIds] = useState<string[]>([]);
  const [kinds, setKinds] = useState<OrganizationKind[]>([]);
  const [remindAfterDays, setRemindAfterDays] = useState<number | string>(7);
  const [maxReminders, setMaxReminders] = useState<number | string>(1);
  const [remindAttending, setRemindAttending] = useState<number | string>(2);

  const create = useMutation({
    mutationFn: async (start: boolean) => {
      const body: CreateSend = {
        title: title.trim() || undefined,
        remindAfterDays: numberOrNull(remindAfterDays),
        maxReminders: numberOrNull(maxReminders) ?? 0,
        remindAttendingDaysBefore: numberOrNull(remindAttending),
        audience: {
          ...(listIds.length > 0 ? { listIds } : {}),
          ...(segmentIds.length > 0 ? { segmentIds } : {}),
          ...(kinds.length > 0 ? { organizationKinds: kinds } : {}),
        },
      };
      const created = await unwrap(
        api.POST('/api/meetings/{id}/invitations', { params: { path: { id: meeting.id } }, body }),
      );
      void queryClient.invalidateQueries({ queryKey: ['invitations', meeting.id] });
      if (start)
        await unwrap(api.POST('/api/outreach-sends/{id}/start', { params: { path: { id: created.id } } }));
      return created;
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['invitations', meeting.id] });
      void queryClient.invalidateQueries({ queryKey: ['meeting', meeting.id] });
      onDone();
    },
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const fields = ['title', 'audience', 'remindAfterDays', 'maxReminders', 'remindAttendingDaysBefore'];
  const formLevel =
    create.isError && !fields.some((f) => error?.field(f)) ? errorMessage(create.error) : null;
  const empty = listIds.length + segmentIds.length + kinds.length === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(true);
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
          label={t('meetings.invite.sendTitle')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={error?.field('title')}
        />
        <Text size="sm" fw={600}>
          {t('meetings.invite.audience')}
        </Text>
        <MultiSelect
          label={t('meetings.invite.lists')}
          data={(lists.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))}
          value={listIds}
          onChange={setListIds}
          searchable
          error={error?.field('audience')}
        />
        <MultiSelect
          label={t('meetings.invite.segments')}
          data={(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={segmentIds}
          onChange={setSegmentIds}
          searchable
        />
        <MultiSelect
          label={t('meetings.invite.kinds')}
          description={t('meetings.invite.kindsHint')}
          data={ORGANIZATION_KINDS.map((k) => ({ value: k, label: t(`organizations.kinds.${k}`) }))}
          value={kinds}
          onChange={(v) => setKinds(v as OrganizationKind[])}
        />
        <Group grow align="flex-start">
          <NumberInput
            label={t('meetings.invite.remindAfterDays')}
            description={t('meetings.invite.remindAfterDaysHint')}
            value={remindAfterDays}
            onChange={setRemindAfterDays}
            min={1}
            allowDecimal={false}
            error={error?.field('remindAfterDays')}
          />
          <NumberInput
            label={t('meetings.invite.maxReminders')}
            value={maxReminders}
            onChange={setMaxReminders}
            min={0}
            max={5}
            allowDecimal={false}
            error={error?.field('maxReminders')}
          />
          <NumberInput
            label={t('meetings.invite.remindAttending')}
            description={t('meetings.invite.remindAttendingHint')}
            value={remindAttending}
            onChange={setRemindAttending}
            min={1}
            allowDecimal={false}
            error={error?.field('remindAttendingDaysBefore')}
          />
        </Group>
        <Group>
          <Button type="submit" loading={create.isPending && create.variables} disabled={empty}>
            {t('meetings.invite.sendNow')}
          </Button>
          <Button
            variant="light"
            onClick={() => create.mutate(false)}
            loading={create.isPending && !create.variables}
            disabled={empty}
          >
            {t('meetings.invite.saveDraft')}
          </Button>
          <Button variant="default" onClick={onDone} disabled={create.isPending}>
            {t('meetings.form.cancel')}
          </Button>
        </Group>
        {empty && (
          <Text size="xs" c="dimmed">
            {t('meetings.invite.chooseAudience')}
          </Text>
        )}
      </Stack>
    </form>
  );
}
