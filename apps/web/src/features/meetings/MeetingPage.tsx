import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { formatDateTime, formatLongDateTime, formatNumber } from '../../lib/format';
import { useCan } from '../auth/session';
import { Invitations } from './Invitations';
import { MeetingForm, noticeCount, type Meeting } from './MeetingForm';
import { MeetingEvaluation } from './MeetingEvaluation';
import { MeetingReport } from './MeetingReport';
import { Representatives } from './Representatives';
import { Responses } from './Responses';

/** One meeting: its details and representatives, the invitation, the answers, the report; moved, cancelled. */
export function MeetingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const canEdit = useCan('editor');
  const meeting = useQuery({
    queryKey: ['meeting', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/meetings/{id}', { params: { path: { id } }, signal })),
  });
  const m = meeting.data;
  // Open for changes: a meeting not yet held or cancelled, and a staff member who may change it (not a viewer).
  const open = canEdit && m ? m.status === 'planned' || m.status === 'invited' : false;

  return (
    <Stack>
      <Anchor component={Link} to="/moten" size="sm">
        ← {t('meetings.back')}
      </Anchor>
      {meeting.isPending && <Skeleton height={200} />}
      {meeting.isError && (
        <Alert color="red" role="alert">
          {errorMessage(meeting.error)}
        </Alert>
      )}
      {m && (
        <>
          <Group justify="space-between">
            <Group gap="sm">
              <Title order={1}>{m.title}</Title>
              <Badge variant="light" color={m.status === 'cancelled' ? 'gray' : 'blue'}>
                {t(`meetings.status.${m.status}`)}
              </Badge>
            </Group>
            {open && !editing && (
              <Group>
                <Button onClick={() => setEditing(true)}>{t('meetings.edit')}</Button>
                <Button color="red" variant="light" onClick={() => setCancelling(true)}>
                  {t('meetings.cancelMeeting')}
                </Button>
              </Group>
            )}
          </Group>
          <Grid>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Paper withBorder p="md">
                {editing ? (
                  <MeetingForm meeting={m} onDone={() => setEditing(false)} />
                ) : (
                  <MeetingDetails meeting={m} />
                )}
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Paper withBorder p="md">
                <Representatives meeting={m} editable={open} />
              </Paper>
            </Grid.Col>
          </Grid>
          <Tabs defaultValue="invitation" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="invitation">{t('meetings.tabs.invitation')}</Tabs.Tab>
              <Tabs.Tab value="responses">{t('meetings.tabs.responses')}</Tabs.Tab>
              <Tabs.Tab value="report">{t('meetings.tabs.report')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="invitation" pt="md">
              <Invitations meeting={m} editable={open} />
            </Tabs.Panel>
            <Tabs.Panel value="responses" pt="md">
              <Responses meetingId={m.id} />
            </Tabs.Panel>
            <Tabs.Panel value="report" pt="md">
              <Stack>
                {canEdit && (
                  <Anchor component={Link} to={`/enkater?mote=${m.id}`} size="sm">
                    {t('surveys.evaluationLink')}
                  </Anchor>
                )}
                <MeetingEvaluation meetingId={m.id} />
                <MeetingReport meetingId={m.id} />
              </Stack>
            </Tabs.Panel>
          </Tabs>
          <CancelMeeting meeting={m} opened={cancelling} onClose={() => setCancelling(false)} />
        </>
      )}
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" component="dt">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children || '–'}
      </Text>
    </div>
  );
}

function MeetingDetails({ meeting: m }: { meeting: Meeting }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const c = m.responseCounts;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" m={0}>
        <Field label={t('meetings.when')}>
          {formatLongDateTime(m.startsAt, i18n.language)} –{' '}
          {formatDateTime(m.endsAt, i18n.language).slice(-5)}
        </Field>
        <Field label={t('meetings.region')}>{m.region.name}</Field>
        <Field label={t('meetings.form.venue')}>{m.venue}</Field>
        <Field label={t('meetings.form.address')}>{[m.address, m.city].filter(Boolean).join(', ')}</Field>
        <Field label={t('meetings.form.capacity')}>
          {m.capacity === null
            ? t('meetings.noLimit')
            : t('meetings.capacityLeft', { capacity: n(m.capacity), left: n(m.placesLeft ?? 0) })}
        </Field>
        <Field label={t('meetings.form.rsvpDeadline')}>{formatDateTime(m.rsvpDeadline, i18n.language)}</Field>
        <Field label={t('meetings.host')}>{m.hostOrganization?.name}</Field>
        <Field label={t('meetings.answers')}>
          {t('meetings.countsLine', {
            invited: n(c.invited),
            yes: n(c.yes),
            maybe: n(c.maybe),
            no: n(c.no),
            waitlisted: n(c.waitlisted),
          })}
        </Field>
      </SimpleGrid>
      {m.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{m.description}</Text>}
      {m.agenda && (
        <div>
          <Text size="xs" c="dimmed">
            {t('meetings.form.agenda')}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{m.agenda}</Text>
        </div>
      )}
    </Stack>
  );
}

/** POST /api/meetings/:id/cancel {text}: the confirmation names how many are told. */
function CancelMeeting({
  meeting,
  opened,
  onClose,
}: {
  meeting: Meeting;
  opened: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const cancel = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/meetings/{id}/cancel', {
          params: { path: { id: meeting.id } },
          body: { text: text.trim() === '' ? null : text.trim() },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(['meeting', meeting.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['meetings'] });
      void queryClient.invalidateQueries({ queryKey: ['round-board'] });
      notifications.show({ color: 'green', message: t('meetings.cancel.done') });
      onClose();
    },
  });
  const error = cancel.error instanceof ApiError ? cancel.error : null;
  const told = noticeCount(meeting);
  return (
    <Modal opened={opened} onClose={onClose} title={t('meetings.cancel.title')}>
      <Stack>
        <Text>
          {told > 0
            ? t('meetings.cancel.told', { count: formatNumber(told, i18n.language) })
            : t('meetings.cancel.nobody')}
        </Text>
        {cancel.isError && !error?.field('text') && (
          <Alert color="red" role="alert">
            {errorMessage(cancel.error)}
          </Alert>
        )}
        <Textarea
          label={t('meetings.cancel.text')}
          description={t('meetings.cancel.textHint')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={3}
          error={error?.field('text')}
        />
        <Group>
          <Button color="red" onClick={() => cancel.mutate()} loading={cancel.isPending}>
            {told > 0
              ? t('meetings.cancel.confirmTold', { count: formatNumber(told, i18n.language) })
              : t('meetings.cancel.confirm')}
          </Button>
          <Button variant="default" onClick={onClose} disabled={cancel.isPending}>
            {t('meetings.cancel.keep')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
