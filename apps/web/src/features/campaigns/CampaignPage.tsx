import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useLists, useSegments } from '../../lib/queries';
import { useCan } from '../auth/session';
import { AudienceDryRun, useCampaignDryRun } from './AudienceDryRun';
import { CampaignProgressBar, StatusBadge } from './CampaignProgressBar';
import { Recipients } from './Recipients';
import { TestSend } from './TestSend';
import { UncertainRecipients } from './UncertainRecipients';
import { useCampaignEvents } from './useCampaignEvents';
import { isEditable, type CampaignDetail, type CampaignProgress } from './wizard';

/**
 * One campaign: what it is, how far it has come (live, from its server-sent events) with pause, resume and
 * cancel; before the start its dry run, a change, the start itself or deleting it; after, its recipients by
 * status (uncertain ones explained, to be settled by staff), their export and a test message.
 */
export function CampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const campaign = useQuery({
    queryKey: ['campaign', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/campaigns/{id}', { params: { path: { id } }, signal })),
  });
  const c = campaign.data;
  const live = c ? ['scheduled', 'sending', 'paused'].includes(c.status) : false;
  const events = useCampaignEvents(id, live);
  const progress = events.progress ?? c?.progress;

  return (
    <Stack>
      <Anchor component={Link} to="/utskick" size="sm">
        ← {t('campaigns.back')}
      </Anchor>
      {campaign.isPending && <Skeleton height={200} />}
      {campaign.isError && (
        <Alert color="red" role="alert">
          {errorMessage(campaign.error)}
        </Alert>
      )}
      {c && progress && (
        <>
          <Group justify="space-between" align="flex-start">
            <Group gap="sm">
              <Title order={1}>{c.name}</Title>
              <StatusBadge status={progress.status} />
            </Group>
            <Actions campaign={c} progress={progress} />
          </Group>
          <Grid>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Paper withBorder p="md" h="100%">
                <Details campaign={c} />
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Paper withBorder p="md" h="100%">
                <Stack gap="sm" component="section" aria-labelledby="forlopp">
                  <Title order={2} size="h4" id="forlopp">
                    {t('campaigns.page.progress')}
                  </Title>
                  {c.status === 'paused' && c.pauseReason && (
                    <Alert color="orange">
                      {t('campaigns.page.pausedBecause', { reason: c.pauseReason })}
                    </Alert>
                  )}
                  {progress.total > 0 ? (
                    <CampaignProgressBar progress={progress} />
                  ) : (
                    <Text c="dimmed" size="sm">
                      {c.status === 'scheduled' && c.scheduledAt
                        ? t('campaigns.page.startsAt', { at: formatDateTime(c.scheduledAt) })
                        : t('campaigns.page.notStarted')}
                    </Text>
                  )}
                  {progress.total > 0 && (
                    <Anchor component={Link} to={`/utkorg?utskick=${c.id}`} size="sm">
                      {t('campaigns.page.inOutbox')}
                    </Anchor>
                  )}
                  {live && (
                    <Text size="xs" c="dimmed">
                      {events.connection === 'live'
                        ? t('campaigns.page.live')
                        : t('campaigns.page.reconnecting')}
                    </Text>
                  )}
                </Stack>
              </Paper>
            </Grid.Col>
          </Grid>
          {isEditable(c.status) && <DryRunSection campaignId={c.id} />}
          {progress.counts.uncertain > 0 && <UncertainRecipients campaignId={c.id} progress={progress} />}
          {c.startedAt && <Recipients campaignId={c.id} progress={progress} />}
          <TestSend campaignId={c.id} />
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
      <Text size="sm" component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

function Details({ campaign: c }: { campaign: CampaignDetail }) {
  const { t, i18n } = useTranslation();
  const lists = useLists();
  const segments = useSegments();
  const at = (v: string | null) => formatDateTime(v, i18n.language);
  const a = c.audience;
  const audience =
    a.type === 'list'
      ? `${t('campaigns.wizard.aList')}: ${lists.data?.items.find((l) => l.id === a.listId)?.name ?? '…'}`
      : a.type === 'segment'
        ? `${t('campaigns.wizard.aSegment')}: ${segments.data?.items.find((s) => s.id === a.segmentId)?.name ?? '…'}`
        : t('campaigns.wizard.theContacts', { n: formatNumber(a.contactIds?.length ?? 0, i18n.language) });
  return (
    <Stack gap="xs" component="dl" m={0}>
      <Field label={t('campaigns.wizard.audience')}>{audience}</Field>
      <Field label={t('campaigns.wizard.subject')}>
        {c.subject ?? t('campaigns.wizard.templateSubject')}
      </Field>
      <Field label={t('campaigns.wizard.from')}>
        {c.fromName} &lt;{c.fromAddress}&gt;
      </Field>
      {c.replyTo && <Field label={t('campaigns.wizard.replyTo')}>{c.replyTo}</Field>}
      {c.scheduledAt && <Field label={t('campaigns.page.scheduledAt')}>{at(c.scheduledAt)}</Field>}
      {c.startedAt && <Field label={t('campaigns.page.startedAt')}>{at(c.startedAt)}</Field>}
      {c.finishedAt && <Field label={t('campaigns.page.finishedAt')}>{at(c.finishedAt)}</Field>}
      <Field label={t('campaigns.page.createdAt')}>{at(c.createdAt)}</Field>
    </Stack>
  );
}

function DryRunSection({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const dryRun = useCampaignDryRun(campaignId, true);
  return (
    <Stack gap="xs" component="section" aria-labelledby="provkorning">
      <Title order={2} size="h4" id="provkorning">
        {t('campaigns.dryRun.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('campaigns.dryRun.hint')}
      </Text>
      <AudienceDryRun preview={dryRun.data} isPending={dryRun.isPending} error={dryRun.error} />
    </Stack>
  );
}

type Command = 'start' | 'pause' | 'resume' | 'cancel' | 'delete';

/** What an editor can do with the campaign in its status; the irreversible ones ask first. */
function Actions({ campaign: c, progress }: { campaign: CampaignDetail; progress: CampaignProgress }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canEdit = useCan('editor');
  const [asking, setAsking] = useState<Command | null>(null);
  const status = progress.status;
  const dryRun = useCampaignDryRun(c.id, canEdit && asking === 'start');
  const run = useMutation({
    mutationFn: async (command: Command) => {
      const path = { params: { path: { id: c.id } } };
      if (command === 'delete') await unwrap(api.DELETE('/api/campaigns/{id}', path));
      else if (command === 'pause')
        await unwrap(api.POST('/api/campaigns/{id}/pause', { ...path, body: {} }));
      else if (command === 'start') await unwrap(api.POST('/api/campaigns/{id}/start', path));
      else if (command === 'resume') await unwrap(api.POST('/api/campaigns/{id}/resume', path));
      else await unwrap(api.POST('/api/campaigns/{id}/cancel', path));
      return command;
    },
    onSuccess: (command) => {
      setAsking(null);
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      if (command === 'delete') {
        queryClient.removeQueries({ queryKey: ['campaign', c.id] });
        notifications.show({ color: 'green', message: t('campaigns.page.deleted', { name: c.name }) });
        void navigate('/utskick');
        return;
      }
      void queryClient.invalidateQueries({ queryKey: ['campaign', c.id] });
      notifications.show({ color: 'green', message: t(`campaigns.page.done.${command}`) });
    },
  });
  if (!canEdit) return null;
  const recipients = dryRun.data?.included.count ?? 0;
  const n = formatNumber(recipients, i18n.language);
  const ask = (command: Command) => {
    run.reset();
    setAsking(command);
  };

  return (
    <Stack gap="xs" align="flex-end">
      <Group gap="xs">
        {isEditable(status) && (
          <>
            <Button component={Link} to={`/utskick/${c.id}/andra`} variant="default">
              {t('campaigns.page.edit')}
            </Button>
            <Button onClick={() => ask('start')}>{t('campaigns.page.startNow')}</Button>
            <Button color="red" variant="light" onClick={() => ask('delete')}>
              {t('campaigns.page.delete')}
            </Button>
          </>
        )}
        {status === 'sending' && (
          <Button
            variant="default"
            onClick={() => {
              setAsking(null);
              run.mutate('pause');
            }}
            loading={run.isPending}
          >
            {t('campaigns.page.pause')}
          </Button>
        )}
        {status === 'paused' && (
          <Button
            onClick={() => {
              setAsking(null);
              run.mutate('resume');
            }}
            loading={run.isPending}
          >
            {t('campaigns.page.resume')}
          </Button>
        )}
        {(status === 'sending' || status === 'paused') && (
          <Button color="red" variant="light" onClick={() => ask('cancel')}>
            {t('campaigns.page.cancel')}
          </Button>
        )}
      </Group>
      {run.isError && !asking && (
        <Alert color="red" role="alert" maw={480}>
          {errorMessage(run.error)}
        </Alert>
      )}
      <Modal
        opened={asking !== null}
        onClose={() => setAsking(null)}
        title={asking ? t(`campaigns.page.confirm.${asking}Title`) : ''}
      >
        <Stack>
          {asking === 'start' && dryRun.isPending ? (
            <Skeleton height={40} />
          ) : (
            <Text>
              {asking === 'start'
                ? t('campaigns.page.confirm.start', { count: recipients, n, name: c.name })
                : asking
                  ? t(`campaigns.page.confirm.${asking}`, {
                      name: c.name,
                      n: formatNumber(
                        progress.counts.pending + progress.counts.failed_temporary,
                        i18n.language,
                      ),
                    })
                  : ''}
            </Text>
          )}
          {asking === 'start' && dryRun.isError && (
            <Alert color="red" role="alert">
              {errorMessage(dryRun.error)}
            </Alert>
          )}
          {run.isError && (
            <Alert color="red" role="alert">
              {errorMessage(run.error)}
            </Alert>
          )}
          <Group>
            <Button
              color={asking === 'start' ? undefined : 'red'}
              onClick={() => asking && run.mutate(asking)}
              loading={run.isPending}
              disabled={asking === 'start' && (!dryRun.data || recipients === 0)}
            >
              {asking ? t(`campaigns.page.confirm.${asking}Button`, { count: recipients, n }) : ''}
            </Button>
            <Button variant="default" onClick={() => setAsking(null)} disabled={run.isPending}>
              {t('campaigns.page.confirm.keep')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
