import { Alert, Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatLongDateTime } from '../../lib/format';
import { useCan } from '../auth/session';

/** Purposes whose replies can become an answer: a host request's a host answer, an invitation's an RSVP. */
const ANSWERABLE = new Set(['host_request', 'invitation', 'reminder']);

/**
 * One received message: who and what, its text, its HTML in a sandboxed frame (the API serves it sanitised,
 * under a policy that fetches nothing), and for editors: mark handled, and turn a reply into the answer.
 */
export function ReplyPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const canEdit = useCan('editor');
  const id = useParams().id!;
  const reply = useQuery({
    queryKey: ['reply', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/replies/{id}', { params: { path: { id } }, signal })),
  });
  const refresh = (updated?: NonNullable<typeof reply.data>) => {
    if (updated) queryClient.setQueryData(['reply', id], updated);
    else void queryClient.invalidateQueries({ queryKey: ['reply', id] });
    void queryClient.invalidateQueries({ queryKey: ['replies'] });
  };
  const handled = useMutation({
    mutationFn: (value: boolean) =>
      unwrap(api.PATCH('/api/replies/{id}', { params: { path: { id } }, body: { handled: value } })),
    onSuccess: (updated) => refresh(updated),
  });
  const answer = useMutation({
    mutationFn: (value: 'yes' | 'maybe' | 'no') =>
      unwrap(api.POST('/api/replies/{id}/answer', { params: { path: { id } }, body: { answer: value } })),
    onSuccess: () => refresh(),
  });
  const m = reply.data;
  const failure = reply.error ?? handled.error ?? answer.error;

  return (
    <Stack>
      <Anchor component={Link} to="/svar" size="sm">
        {t('replies.back')}
      </Anchor>
      {failure && (
        <Alert color="red" role="alert">
          {errorMessage(failure)}
        </Alert>
      )}
      {reply.isPending && <Skeleton height={120} />}
      {m && (
        <>
          <Title order={1}>{m.subject || t('replies.noSubject')}</Title>
          <Paper withBorder p="md">
            <Stack gap={6} component="dl" m={0}>
              <Header label={t('replies.kind')}>{t(`replies.kinds.${m.kind}`)}</Header>
              <Header label={t('replies.from')}>
                {[m.fromName, m.fromAddress && `<${m.fromAddress}>`].filter(Boolean).join(' ')}
              </Header>
              <Header label={t('replies.date')}>{formatLongDateTime(m.receivedAt, i18n.language)}</Header>
              {m.contactId && (
                <Header label={t('replies.contact')}>
                  <Anchor component={Link} to={`/kontakter/${m.contactId}`}>
                    {m.contactName ?? m.contactId}
                  </Anchor>
                </Header>
              )}
              {m.mailingTitle && <Header label={t('replies.mailing')}>{m.mailingTitle}</Header>}
              {m.reason && <Header label={t('replies.reason')}>{m.reason}</Header>}
              {m.attachments.length > 0 && (
                <Header label={t('replies.attachments')}>
                  {m.attachments.map((a) => `${a.filename ?? a.contentType} (${a.size} B)`).join(', ')}
                </Header>
              )}
              {m.convertedTo && (
                <Header label={t('replies.converted')}>{t(`replies.convertedTo.${m.convertedTo}`)}</Header>
              )}
            </Stack>
          </Paper>
          {canEdit && (
            <Group>
              <Button
                variant="default"
                loading={handled.isPending}
                onClick={() => handled.mutate(!m.handled)}
              >
                {m.handled ? t('replies.markUnhandled') : t('replies.markHandled')}
              </Button>
              {m.kind === 'reply' &&
                !m.convertedTo &&
                m.contactId &&
                m.purpose &&
                ANSWERABLE.has(m.purpose) && (
                  <Group gap="xs" role="group" aria-label={t('replies.toAnswer')}>
                    <Text size="sm">{t('replies.toAnswer')}:</Text>
                    {(['yes', 'maybe', 'no'] as const).map((a) => (
                      <Button key={a} size="xs" loading={answer.isPending} onClick={() => answer.mutate(a)}>
                        {t(`replies.answer${a === 'yes' ? 'Yes' : a === 'maybe' ? 'Maybe' : 'No'}`)}
                      </Button>
                    ))}
                  </Group>
                )}
            </Group>
          )}
          {m.text && (
            <Stack gap="xs" component="section" aria-labelledby="svarets-text">
              <Title order={2} size="h4" id="svarets-text">
                {t('replies.text')}
              </Title>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{m.text}</Text>
            </Stack>
          )}
          {m.hasHtml && (
            <Stack gap="xs" component="section" aria-labelledby="svarets-html">
              <Title order={2} size="h4" id="svarets-html">
                {t('replies.html')}
              </Title>
              <iframe
                src={`/api/replies/${m.id}/html`}
                sandbox=""
                referrerPolicy="no-referrer"
                title={t('replies.htmlFrame', { subject: m.subject ?? '' })}
                style={{
                  width: '100%',
                  height: 480,
                  border: '1px solid var(--mantine-color-gray-4)',
                  background: 'white',
                }}
              />
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}

function Header({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="baseline">
      <Text component="dt" fw={600} size="sm" miw={120}>
        {label}
      </Text>
      <Text component="dd" m={0} size="sm">
        {children}
      </Text>
    </Group>
  );
}
