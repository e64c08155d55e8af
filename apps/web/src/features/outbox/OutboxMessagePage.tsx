import { Alert, Anchor, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatLongDateTime } from '../../lib/format';

/**
 * One message of the outbox as its recipient would see it: From, To, Subject and date, the HTML part in a
 * sandboxed frame (no scripts, an origin of its own; the API serves it with a policy that loads nothing but
 * images) and the text part.
 */
export function OutboxMessagePage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const api = useApi();
  const message = useQuery({
    queryKey: ['outbox-message', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/outbox/{id}', { params: { path: { id } }, signal })),
  });
  const m = message.data;
  const mailingId = params.get('utskick');
  const back = mailingId ? `/utkorg?utskick=${encodeURIComponent(mailingId)}` : '/utkorg';

  return (
    <Stack>
      <Anchor component={Link} to={back} size="sm">
        ← {t('outbox.back')}
      </Anchor>
      {message.isPending && <Skeleton height={300} />}
      {message.isError && (
        <Alert color="red" role="alert">
          {errorMessage(message.error)}
        </Alert>
      )}
      {m && (
        <>
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {m.subject || t('outbox.noSubject')}
          </Title>
          <Paper withBorder p="md">
            <Stack gap={6} component="dl" m={0}>
              <Header label={t('outbox.from')}>{m.from}</Header>
              <Header label={t('outbox.to')}>{m.to}</Header>
              {m.replyTo && <Header label={t('outbox.replyTo')}>{m.replyTo}</Header>}
              <Header label={t('outbox.subject')}>{m.subject}</Header>
              <Header label={t('outbox.date')}>
                <time dateTime={m.createdAt}>{formatLongDateTime(m.createdAt, i18n.language)}</time>
              </Header>
              {m.purpose === 'newsletter' && m.mailingId && (
                <Header label={t('outbox.mailing')}>
                  <Anchor component={Link} to={`/utskick/${m.mailingId}`}>
                    {t('outbox.toCampaign')}
                  </Anchor>
                </Header>
              )}
              {!m.mailingId && <Header label={t('outbox.mailing')}>{t('outbox.testMessage')}</Header>}
            </Stack>
          </Paper>
          <Stack gap="xs" component="section" aria-labelledby="html-delen">
            <Title order={2} size="h4" id="html-delen">
              {t('outbox.html')}
            </Title>
            <iframe
              src={m.htmlUrl}
              sandbox=""
              referrerPolicy="no-referrer"
              title={t('outbox.htmlFrame', { subject: m.subject })}
              style={{
                width: '100%',
                height: 640,
                border: '1px solid var(--mantine-color-gray-4)',
                borderRadius: 4,
                background: 'white',
              }}
            />
          </Stack>
          <Stack gap="xs" component="section" aria-labelledby="textdelen">
            <Title order={2} size="h4" id="textdelen">
              {t('outbox.text')}
            </Title>
            <Paper withBorder p="md">
              <Text
                component="pre"
                size="sm"
                m={0}
                style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontFamily: 'inherit' }}
              >
                {m.text}
              </Text>
            </Paper>
          </Stack>
        </>
      )}
    </Stack>
  );
}

function Header({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
      <Text component="dt" size="sm" c="dimmed" w={110} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere', minWidth: 0, flex: 1 }}>
        {children}
      </Text>
    </div>
  );
}
