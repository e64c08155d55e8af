import { Alert, Anchor, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDateTime, formatNumber, formatTime } from '../../lib/format';
import { useCan } from '../auth/session';
import { StateBadge } from './StateBadge';

type Status = Schemas['SystemStatusDto'];
type Queue = Schemas['QueueStatusDto'];

/** How often the status is asked for again while the tab is open. */
export const STATUS_REFRESH_MS = 5000;

/** bull-board, mounted by the API (admin only); a page of its own, opened in a new tab. */
export const QUEUE_DASHBOARD_URL = '/api/admin/queues';

/** Status: mail (SMTP or the outbox), the database, Redis and the queues with their workers, every few seconds. */
export function StatusTab() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const isAdmin = useCan('admin');
  const status = useQuery({
    queryKey: ['system-status'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/system/status', { signal })),
    refetchInterval: STATUS_REFRESH_MS,
    staleTime: 0,
  });
  const s = status.data;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text size="sm" aria-live="polite">
          {s ? t('settings.status.checkedAt', { time: formatTime(s.checkedAt, i18n.language) }) : ''}
        </Text>
        {isAdmin && (
          <Anchor href={QUEUE_DASHBOARD_URL} target="_blank" rel="noopener noreferrer">
            {t('settings.status.openQueues')}
            <Text span size="xs" c="dimmed">
              {' '}
              ({t('settings.status.newTab')})
            </Text>
          </Anchor>
        )}
      </Group>
      {status.isPending && <Skeleton height={220} />}
      {status.isError && (
        <Alert color="red" role="alert">
          {errorMessage(status.error)}
        </Alert>
      )}
      {s && (
        <>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <MailCard mail={s.mail} />
            <ServiceCard title={t('settings.status.database')} service={s.database} />
            <ServiceCard title={t('settings.status.redis')} service={s.redis} />
          </SimpleGrid>
          <QueueTable queues={s.queues} />
          <InboundCard inbound={s.inbound} />
          <Text size="sm" c="dimmed">
            {s.workerHeartbeats.message}
          </Text>
          <Text size="sm" c="dimmed">
            {t('settings.status.version', {
              version: s.version,
              role: t(`settings.status.processRole.${s.processRole}`),
            })}
          </Text>
        </>
      )}
    </Stack>
  );
}

function Ok({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return (
    <StateBadge tone={ok ? 'ok' : 'problem'} size="lg">
      {ok ? `✓ ${yes}` : `✕ ${no}`}
    </StateBadge>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function MailCard({ mail }: { mail: Status['mail'] }) {
  const { t } = useTranslation();
  return (
    <Card title={t('settings.status.mail')}>
      {mail.transport === 'smtp' && mail.smtp ? (
        <>
          <StateBadge tone="ok" size="lg">
            {`✓ ${t('settings.status.smtp')}`}
          </StateBadge>
          <Text size="sm">
            {t('settings.status.smtpServer', {
              host: mail.smtp.host,
              port: mail.smtp.port,
              security: mail.smtp.secure ? t('settings.status.tls') : t('settings.status.starttls'),
            })}
          </Text>
        </>
      ) : (
        <>
          <StateBadge tone="warning" size="lg">
            {t('settings.status.outbox')}
          </StateBadge>
          <Text size="sm">{t('settings.status.outboxText')}</Text>
        </>
      )}
      <Text size="sm">
        {t('settings.status.sender', { name: mail.sender.name, address: mail.sender.address })}
      </Text>
      <Text size="sm">
        {mail.dkim
          ? t('settings.status.dkim', { domain: mail.dkim.domain, selector: mail.dkim.selector })
          : t('settings.status.noDkim')}
      </Text>
    </Card>
  );
}

function ServiceCard({ title, service }: { title: string; service: Schemas['ServiceReachabilityDto'] }) {
  const { t } = useTranslation();
  return (
    <Card title={title}>
      <Ok ok={service.reachable} yes={t('settings.status.reachable')} no={t('settings.status.unreachable')} />
      {service.message && <Text size="sm">{service.message}</Text>}
    </Card>
  );
}

/** The IMAP poller (per mailbox: the last poll, the error if the last one failed, counts) and the SMTP receiver. */
function InboundCard({ inbound }: { inbound: Status['inbound'] }) {
  const { t, i18n } = useTranslation();
  const { imap, smtp } = inbound;
  return (
    <Card title={t('settings.status.inbound.inbound')}>
      <Text size="sm">
        {imap.enabled
          ? t('settings.status.inbound.imapOn', { seconds: imap.intervalSeconds })
          : t('settings.status.inbound.imapOff')}
      </Text>
      {imap.mailboxes.map((m) => {
        // The error is current when no poll has gone through since it.
        const failing =
          m.lastErrorAt !== null && (m.lastSuccessAt === null || m.lastErrorAt >= m.lastSuccessAt);
        return (
          <Stack key={m.mailbox} gap={4}>
            <Group gap="xs">
              <Ok
                ok={!failing}
                yes={t('settings.status.inbound.mailboxWorks')}
                no={t('settings.status.inbound.mailboxFails')}
              />
            </Group>
            <Text size="sm">
              {m.lastPollAt
                ? t('settings.status.inbound.mailboxPolled', {
                    mailbox: m.mailbox,
                    time: formatDateTime(m.lastPollAt, i18n.language),
                    count: m.messagesTaken,
                  })
                : t('settings.status.inbound.mailboxNeverPolled', { mailbox: m.mailbox })}
            </Text>
            {failing && m.lastError && (
              <Text size="sm" c="red.8">
                {t('settings.status.inbound.mailboxError', {
                  time: formatDateTime(m.lastErrorAt, i18n.language),
                  error: m.lastError,
                })}
              </Text>
            )}
            {m.messagesTruncated > 0 && (
              <Text size="sm">{t('settings.status.inbound.truncated', { count: m.messagesTruncated })}</Text>
            )}
          </Stack>
        );
      })}
      <Text size="sm">
        {smtp.enabled && smtp.replyDomain
          ? t('settings.status.inbound.smtpOn', { domain: smtp.replyDomain, port: smtp.port })
          : t('settings.status.inbound.smtpOff')}
      </Text>
    </Card>
  );
}

function QueueTable({ queues }: { queues: Queue[] }) {
  const { t, i18n } = useTranslation();
  const n = (v: number | null) =>
    v === null ? t('settings.status.unknown') : formatNumber(v, i18n.language);
  return (
    <Stack gap="xs" component="section" aria-labelledby="status-queues">
      <Title order={2} size="h4" id="status-queues">
        {t('settings.status.queues')}
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table striped aria-labelledby="status-queues">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.status.queue')}</Table.Th>
              <Table.Th>{t('settings.status.workers')}</Table.Th>
              <Table.Th ta="right">{t('settings.status.waiting')}</Table.Th>
              <Table.Th ta="right">{t('settings.status.active')}</Table.Th>
              <Table.Th ta="right">{t('settings.status.delayed')}</Table.Th>
              <Table.Th ta="right">{t('settings.status.failed')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {queues.map((q) => (
              <Table.Tr key={q.name}>
                <Table.Td>{t(`settings.status.queueNames.${q.name}`, { defaultValue: q.name })}</Table.Td>
                <Table.Td>
                  {q.workers === null ? (
                    t('settings.status.unknown')
                  ) : q.workers === 0 ? (
                    <StateBadge tone="warning">{t('settings.status.noWorkers')}</StateBadge>
                  ) : (
                    t('settings.status.workerCount', { count: q.workers })
                  )}
                </Table.Td>
                <Table.Td ta="right">{n(q.waiting)}</Table.Td>
                <Table.Td ta="right">{n(q.active)}</Table.Td>
                <Table.Td ta="right">{n(q.delayed)}</Table.Td>
                <Table.Td ta="right" c={q.failed ? 'red.8' : undefined}>
                  {n(q.failed)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
