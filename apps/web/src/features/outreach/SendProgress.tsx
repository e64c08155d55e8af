import { Alert, Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { doneOf } from '../../lib/progress';
import { useCan } from '../auth/session';

export type OutreachSend = Schemas['OutreachSendDto'];

/** How often a send's progress is asked for while it is sending. */
export const PROGRESS_POLL_MS = 2000;

/**
 * A host request's or invitation's state: its first mailing's progress (polled while it sends) and its
 * reminders; a draft can be started from here.
 */
export function SendProgress({ send, invalidateKey }: { send: OutreachSend; invalidateKey: unknown[] }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const canEdit = useCan('editor');
  const progress = useQuery({
    queryKey: ['outreach-progress', send.id],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/outreach-sends/{id}/progress', { params: { path: { id: send.id } }, signal })),
    enabled: send.status !== 'draft',
    staleTime: 0,
    refetchInterval: (query) => {
      const data = query.state.data;
      const sending = data ? data.status === 'sending' || data.first?.status === 'sending' : true;
      return sending ? PROGRESS_POLL_MS : false;
    },
  });
  const start = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/outreach-sends/{id}/start', { params: { path: { id: send.id } } })),
    onSuccess: (data) => {
      queryClient.setQueryData(['outreach-progress', send.id], data);
      void queryClient.invalidateQueries({ queryKey: invalidateKey });
    },
  });

  const data = progress.data;
  const status = data?.status ?? send.status;
  const first = data?.first ?? null;
  const n = (v: number) => formatNumber(v, i18n.language);
  const done = first ? doneOf(first) : 0;
  const total = first?.total ?? 0;
  const failed = first ? first.counts.failed_permanent + first.counts.uncertain : 0;

  return (
    <Stack gap={6}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600} size="sm">
          {send.title}
        </Text>
        <Badge variant="light">{t(`rounds.sendStatus.${status}`)}</Badge>
      </Group>
      {send.startedAt && (
        <Text size="xs" c="dimmed">
          {t('rounds.startedAt', { at: formatDateTime(send.startedAt, i18n.language) })}
        </Text>
      )}
      {canEdit && status === 'draft' && (
        <Group>
          <Button size="xs" onClick={() => start.mutate()} loading={start.isPending}>
            {t('rounds.startSend')}
          </Button>
        </Group>
      )}
      {start.isError && (
        <Alert color="red" role="alert">
          {errorMessage(start.error)}
        </Alert>
      )}
      {progress.isError && (
        <Alert color="red" role="alert">
          {errorMessage(progress.error)}
        </Alert>
      )}
      {first && (
        <>
          <Progress
            value={total > 0 ? (100 * done) / total : 0}
            animated={first.status === 'sending'}
            aria-label={t('rounds.progress', { done: n(done), total: n(total) })}
          />
          <Text size="sm" aria-live="polite">
            {t('rounds.progress', { done: n(done), total: n(total) })}
          </Text>
          <Group gap="md">
            <Text size="xs">{t('rounds.sent', { count: n(first.counts.sent) })}</Text>
            <Text size="xs">{t('rounds.suppressed', { count: n(first.counts.suppressed) })}</Text>
            <Text size="xs" c={failed > 0 ? 'red.8' : undefined}>
              {t('rounds.failed', { count: n(failed) })}
            </Text>
          </Group>
        </>
      )}
      {data && data.reminders.length > 0 && (
        <Stack gap={2}>
          {data.reminders.map((r) => (
            <Text size="xs" key={r.id}>
              {t(`rounds.reminderKind.${r.kind}`, { sequence: r.sequence })}
              {': '}
              {r.skippedReason
                ? t('rounds.reminderSkipped', { reason: r.skippedReason })
                : r.progress
                  ? t('rounds.progress', { done: n(doneOf(r.progress)), total: n(r.progress.total) })
                  : t('rounds.reminderDue', { at: formatDateTime(r.dueAt, i18n.language) })}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
