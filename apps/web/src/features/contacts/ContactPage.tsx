import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDate } from '../../lib/format';
import { useLists } from '../../lib/queries';
import { fullName } from '../../lib/vocabulary';
import { useCan } from '../auth/session';
import { ContactEditForm } from './ContactEditForm';
import { ContactTimeline } from './ContactTimeline';
import { PersonalData } from './PersonalData';

/** One contact: the details, an edit form, lists, the timeline, and the GDPR export and erasure. */
export function ContactPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [editing, setEditing] = useState(false);
  const canEdit = useCan('editor');

  const contact = useQuery({
    queryKey: ['contact', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/contacts/{id}', { params: { path: { id } }, signal })),
  });

  return (
    <Stack>
      <Anchor component={Link} to="/kontakter" size="sm">
        ← {t('contact.back')}
      </Anchor>
      {contact.isPending && <Skeleton height={200} />}
      {contact.isError && (
        <Alert color="red" role="alert">
          {errorMessage(contact.error)}
        </Alert>
      )}
      {contact.data && (
        <>
          <Group justify="space-between">
            <Title order={1}>{fullName(contact.data) || contact.data.email}</Title>
            {canEdit && !editing && <Button onClick={() => setEditing(true)}>{t('contact.edit')}</Button>}
          </Group>
          {contact.data.suppression && (
            <Alert color="yellow">
              {t('contact.suppressed', {
                reason: t(`contact.suppressionReasons.${contact.data.suppression.reason}`),
                since: formatDate(contact.data.suppression.since, i18n.language),
              })}
            </Alert>
          )}
          <Grid>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Paper withBorder p="md">
                {canEdit && editing ? (
                  <ContactEditForm contact={contact.data} onDone={() => setEditing(false)} />
                ) : (
                  <ContactDetails contact={contact.data} />
                )}
              </Paper>
            </Grid.Col>
            {/* Lists and the GDPR export and erasure are editors' work (the API answers a viewer 403). */}
            {canEdit && (
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Stack>
                  <AddToList contactId={contact.data.id} />
                  <PersonalData contact={contact.data} />
                </Stack>
              </Grid.Col>
            )}
          </Grid>
          <ContactTimeline contactId={contact.data.id} />
        </>
      )}
    </Stack>
  );
}

type Contact = Schemas['ContactResponseDto'];

function ContactDetails({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const none = t('contact.none');
  const rows: [string, ReactNode][] = [
    [t('contact.email'), contact.email ?? none],
    [t('contact.phone'), contact.phoneDisplay ?? contact.phone ?? none],
    [t('contact.title'), contact.title ?? none],
    [t('contact.organization'), contact.organization?.name ?? none],
    [t('contact.region'), contact.region?.name ?? none],
    [t('contact.roles'), contact.roles.map((r) => t(`contacts.roles.${r}`)).join(', ') || none],
    [t('contact.elected'), contact.elected ? '✓' : none],
    [t('contact.language'), t(`contacts.languages.${contact.language}`)],
    [
      t('contact.tags'),
      contact.tags.length ? (
        <Group gap={4}>
          {contact.tags.map((tag) => (
            <Badge key={tag} variant="light">
              {tag}
            </Badge>
          ))}
        </Group>
      ) : (
        none
      ),
    ],
    [t('contact.notes'), contact.notes ?? none],
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" component="dl">
      {rows.map(([label, value]) => (
        <div key={label}>
          <Text component="dt" size="xs" c="dimmed">
            {label}
          </Text>
          <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap' }}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

function AddToList({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const lists = useLists();
  const [listId, setListId] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST('/api/lists/{id}/members', { params: { path: { id } }, body: { contactIds: [contactId] } }),
      ),
    onSuccess: (result) => {
      notifications.show({
        color: 'green',
        message: result.added > 0 ? t('contact.added') : t('contact.alreadyMember'),
      });
      void queryClient.invalidateQueries({ queryKey: ['lists'] });
    },
  });
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('contact.lists')}
        </Title>
        <Group align="flex-end" gap="sm">
          <Select
            label={t('contacts.bulk.list')}
            placeholder={t('contacts.bulk.chooseList')}
            data={(lists.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))}
            value={listId}
            onChange={setListId}
            searchable
            error={add.isError ? errorMessage(add.error) : undefined}
            style={{ flex: 1 }}
          />
          <Button disabled={!listId} loading={add.isPending} onClick={() => listId && add.mutate(listId)}>
            {t('contact.addToList')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
