import { Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { useCan, useSession } from '../auth/session';
import { fieldErrorsOf } from './wizard';

/**
 * "Skicka ett provmeddelande": the campaign as it would go out, with example data, to one address (the staff
 * member's own by default), "[TEST]" before the subject; not in the recipients, and its links change nothing.
 */
export function TestSend({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const canSend = useCan('editor');
  const [email, setEmail] = useState<string | null>(null);
  const address = email ?? session.data?.email ?? '';
  const send = useMutation({
    mutationFn: (to: string) =>
      unwrap(
        api.POST('/api/campaigns/{id}/test', { params: { path: { id: campaignId } }, body: { email: to } }),
      ),
  });
  if (!canSend) return null;
  const emailError = fieldErrorsOf(send.error, ['email']).email;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate(address.trim());
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="provutskick">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="provutskick">
            {t('campaigns.test.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('campaigns.test.hint')}
          </Text>
          <Group align="flex-start">
            <TextInput
              label={t('campaigns.test.email')}
              type="email"
              value={address}
              onChange={(e) => {
                setEmail(e.currentTarget.value);
                if (send.isError) send.reset();
              }}
              error={emailError}
              maxLength={254}
              w={320}
              maw="100%"
            />
            <Button type="submit" mt={25} loading={send.isPending} disabled={!address.trim()}>
              {t('campaigns.test.send')}
            </Button>
          </Group>
          {send.isError && !emailError && (
            <Alert color="red" role="alert">
              {errorMessage(send.error)}
            </Alert>
          )}
          {send.isSuccess && (
            <Alert color="green" role="status">
              {t('campaigns.test.sent', { email: send.variables, subject: send.data.subject })}{' '}
              <Anchor component={Link} to="/utkorg">
                {t('campaigns.test.toOutbox')}
              </Anchor>
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
