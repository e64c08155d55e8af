import { Alert, Button, Group, Modal, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatNumber } from '../../lib/format';
import { Pager, useCursorPages } from '../../lib/paging';
import { useCan } from '../auth/session';
import type { CampaignProgress } from './wizard';

type Uncertain = Schemas['UncertainRecipientDto'];
type Resolution = Schemas['ResolveUncertainDto']['resolution'];

const PAGE_SIZE = 25;

/**
 * Recipients whose message may or may not have left (the connection broke, or the worker stopped, after the
 * message was perhaps handed over). Never sent again by itself: staff decide for each, with what is known (the
 * outbox has it or not, the Message-ID to look for in the mail server's log): it arrived (marked as sent), or
 * it did not (sent once more).
 */
export function UncertainRecipients({
  campaignId,
  progress,
}: {
  campaignId: string;
  progress: CampaignProgress;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const canResolve = useCan('editor');
  const pages = useCursorPages('uncertain');
  const [resending, setResending] = useState<Uncertain | null>(null);
  const uncertain = useQuery({
    queryKey: ['campaign', campaignId, 'uncertain', pages.cursor, progress.counts.uncertain],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/mailings/{id}/uncertain', {
          params: { path: { id: campaignId }, query: { limit: PAGE_SIZE, cursor: pages.cursor } },
          signal,
        }),
      ),
  });
  const resolve = useMutation({
    mutationFn: ({ row, resolution }: { row: Uncertain; resolution: Resolution }) =>
      unwrap(
        api.POST('/api/mailings/{id}/recipients/{recipientId}/resolve', {
          params: { path: { id: campaignId, recipientId: row.id } },
          body: { resolution },
        }),
      ),
    onSuccess: (result, { row }) => {
      setResending(null);
      void queryClient.invalidateQueries({ queryKey: ['campaign', campaignId] });
      notifications.show({
        color: 'green',
        message: t(`campaigns.uncertain.done.${result.resolution}`, { email: row.email }),
      });
    },
  });
  const rows = uncertain.data?.items ?? [];
  const busy = (row: Uncertain) => resolve.isPending && resolve.variables?.row.id === row.id;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="osakra">
      <Stack>
        <Title order={2} size="h4" id="osakra">
          {t('campaigns.uncertain.title', { n: formatNumber(progress.counts.uncertain, i18n.language) })}
        </Title>
        <Alert color="orange" title={t('campaigns.uncertain.whatTitle')}>
          <Stack gap={6}>
            <Text size="sm">{t('campaigns.uncertain.what')}</Text>
            <Text size="sm">{t('campaigns.uncertain.never')}</Text>
            <Text size="sm">{t('campaigns.uncertain.howToDecide')}</Text>
          </Stack>
        </Alert>
        {uncertain.isError && (
          <Alert color="red" role="alert">
            {errorMessage(uncertain.error)}
          </Alert>
        )}
        {resolve.isError && !resending && (
          <Alert color="red" role="alert">
            {errorMessage(resolve.error)}
          </Alert>
        )}
        <Table.ScrollContainer minWidth={760}>
          <Table aria-label={t('campaigns.uncertain.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('campaigns.recipients.name')}</Table.Th>
                <Table.Th>{t('campaigns.uncertain.known')}</Table.Th>
                <Table.Th>{t('campaigns.uncertain.outbox')}</Table.Th>
                {canResolve && <Table.Th>{t('campaigns.uncertain.decide')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {uncertain.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Skeleton height={18} />
                  </Table.Td>
                </Table.Tr>
              )}
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {[r.firstName, r.lastName].filter(Boolean).join(' ') || r.email}
                    </Text>
                    <Text size="sm">{r.email}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.lastError ?? t('campaigns.uncertain.noDetail')}</Text>
                    {r.expectedMessageId && (
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {t('campaigns.uncertain.messageId', { id: r.expectedMessageId })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {r.inOutbox === null
                        ? t('campaigns.uncertain.outboxUnknown')
                        : r.inOutbox
                          ? t('campaigns.uncertain.inOutbox')
                          : t('campaigns.uncertain.notInOutbox')}
                    </Text>
                  </Table.Td>
                  {canResolve && (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="light"
                          loading={busy(r) && resolve.variables?.resolution === 'marked_sent'}
                          disabled={resolve.isPending}
                          onClick={() => resolve.mutate({ row: r, resolution: 'marked_sent' })}
                          aria-label={t('campaigns.uncertain.markSentFor', { email: r.email })}
                        >
                          {t('campaigns.uncertain.markSent')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          loading={busy(r) && resolve.variables?.resolution === 'marked_failed'}
                          disabled={resolve.isPending}
                          onClick={() => resolve.mutate({ row: r, resolution: 'marked_failed' })}
                          aria-label={t('campaigns.uncertain.markFailedFor', { email: r.email })}
                        >
                          {t('campaigns.uncertain.markFailed')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          disabled={resolve.isPending}
                          onClick={() => {
                            resolve.reset();
                            setResending(r);
                          }}
                          aria-label={t('campaigns.uncertain.resendFor', { email: r.email })}
                        >
                          {t('campaigns.uncertain.resend')}
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
              {uncertain.isSuccess && rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text c="dimmed">{t('campaigns.uncertain.none')}</Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {uncertain.data && (pages.page > 1 || uncertain.data.nextCursor) && (
          <Pager
            page={pages.page}
            nextCursor={uncertain.data.nextCursor}
            onNext={pages.next}
            onPrevious={pages.previous}
          />
        )}
      </Stack>
      <Modal
        opened={resending !== null}
        onClose={() => setResending(null)}
        title={t('campaigns.uncertain.resendTitle')}
      >
        <Stack>
          <Text>{t('campaigns.uncertain.resendConfirm', { email: resending?.email ?? '' })}</Text>
          {resolve.isError && (
            <Alert color="red" role="alert">
              {errorMessage(resolve.error)}
            </Alert>
          )}
          <Group>
            <Button
              onClick={() => resending && resolve.mutate({ row: resending, resolution: 'resent' })}
              loading={resolve.isPending}
            >
              {t('campaigns.uncertain.resendButton')}
            </Button>
            <Button variant="default" onClick={() => setResending(null)} disabled={resolve.isPending}>
              {t('campaigns.page.confirm.keep')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
