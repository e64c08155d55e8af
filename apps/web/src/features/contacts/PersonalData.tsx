import { Alert, Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { fullName } from '../../lib/vocabulary';

type Contact = Schemas['ContactResponseDto'];

/** GDPR: download everything held about the person; erase them, after typing their name to confirm. */
export function PersonalData({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const name = fullName(contact) || contact.email || contact.id;

  const download = useMutation({
    mutationFn: () => unwrap(api.GET('/api/contacts/{id}/export', { params: { path: { id: contact.id } } })),
    onSuccess: (data) => {
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `personuppgifter-${name.replace(/[^\p{L}\p{N}]+/gu, '-')}.json`;
      link.click();
      URL.revokeObjectURL(url);
    },
  });

  const erase = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/contacts/{id}', { params: { path: { id: contact.id }, query: { erase: true } } }),
      ),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['contact', contact.id] });
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      notifications.show({ color: 'green', message: t('contact.erased', { name }) });
      void navigate('/kontakter', { replace: true });
    },
  });

  const matches = typed.trim().toLocaleLowerCase('sv') === name.toLocaleLowerCase('sv');

  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('contact.gdpr')}
        </Title>
        <Group>
          <Button variant="default" loading={download.isPending} onClick={() => download.mutate()}>
            {download.isPending ? t('contact.exporting') : t('contact.export')}
          </Button>
          <Button color="red" variant="light" onClick={() => setConfirming(true)}>
            {t('contact.erase')}
          </Button>
        </Group>
        {download.isError && (
          <Alert color="red" role="alert">
            {errorMessage(download.error)}
          </Alert>
        )}
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => {
          setConfirming(false);
          setTyped('');
          erase.reset();
        }}
        title={t('contact.eraseTitle', { name })}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (matches) erase.mutate();
          }}
        >
          <Stack>
            <Text size="sm">{t('contact.eraseText', { name })}</Text>
            <TextInput
              label={t('contact.eraseConfirmLabel', { name })}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoComplete="off"
              data-autofocus
              error={erase.isError ? errorMessage(erase.error) : undefined}
            />
            <Group justify="flex-end">
              <Button type="submit" color="red" disabled={!matches} loading={erase.isPending}>
                {erase.isPending ? t('contact.erasing') : t('contact.eraseConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
