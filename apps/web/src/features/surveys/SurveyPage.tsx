import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Skeleton,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { useLists, useSegments } from '../../lib/queries';
import { useCan } from '../auth/session';
import { SurveyBuilder } from './SurveyBuilder';
import { SurveyResults } from './SurveyResults';

type Survey = Schemas['SurveyDto'];

/** One survey: its results (charts), its questions (the builder, for editors) and sending and closing it. */
export function SurveyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const canEdit = useCan('editor');
  const survey = useQuery({
    queryKey: ['survey', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/surveys/{id}', { params: { path: { id } }, signal })),
  });
  const s = survey.data;
  return (
    <Stack>
      <Anchor component={Link} to="/enkater" size="sm">
        ← {t('surveys.back')}
      </Anchor>
      {survey.isPending && <Skeleton height={200} />}
      {survey.isError && (
        <Alert color="red" role="alert">
          {errorMessage(survey.error)}
        </Alert>
      )}
      {s && (
        <>
          <Group gap="sm">
            <Title order={1}>{s.titleSv}</Title>
            <Badge variant="light">{t(`surveys.status.${s.status}`)}</Badge>
            {s.anonymous && <Badge variant="outline">{t('surveys.anonymousBadge')}</Badge>}
          </Group>
          {s.meetingId && (
            <Anchor component={Link} to={`/moten/${s.meetingId}`} size="sm">
              {t('surveys.toMeeting')}
            </Anchor>
          )}
          <Tabs defaultValue="results" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="results">{t('surveys.tabs.results')}</Tabs.Tab>
              <Tabs.Tab value="questions">{t('surveys.tabs.questions')}</Tabs.Tab>
              {canEdit && <Tabs.Tab value="send">{t('surveys.tabs.send')}</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="results" pt="md">
              <SurveyResults surveyId={s.id} />
            </Tabs.Panel>
            <Tabs.Panel value="questions" pt="md">
              {canEdit ? (
                <SurveyBuilder
                  survey={s}
                  onSaved={() => notifications.show({ color: 'green', message: t('surveys.saved') })}
                />
              ) : (
                <Stack gap="xs">
                  {s.questions.map((q, i) => (
                    <Text key={q.id}>
                      {i + 1}. {q.text.sv}
                    </Text>
                  ))}
                </Stack>
              )}
            </Tabs.Panel>
            {canEdit && (
              <Tabs.Panel value="send" pt="md">
                <SendAndClose survey={s} />
              </Tabs.Panel>
            )}
          </Tabs>
        </>
      )}
    </Stack>
  );
}

/** Sending (once, the built-in template unless the API is told otherwise), closing and opening again. */
function SendAndClose({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [fromName, setFromName] = useState('Förbundets kansli');
  const [fromAddress, setFromAddress] = useState('');
  const [listIds, setListIds] = useState<string[]>([]);
  const [segmentIds, setSegmentIds] = useState<string[]>([]);
  const member = survey.kind === 'member';
  const lists = useLists();
  const segments = useSegments();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['survey', survey.id] });
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/surveys/{id}/send', {
          params: { path: { id: survey.id } },
          body: {
            fromName,
            fromAddress,
            ...(member ? { audience: { listIds, segmentIds } } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('surveys.send.done') });
      await refresh();
    },
  });
  const close = useMutation({
    mutationFn: () => {
      const params = { path: { id: survey.id } };
      return survey.status === 'closed'
        ? unwrap(api.POST('/api/surveys/{id}/reopen', { params }))
        : unwrap(api.POST('/api/surveys/{id}/close', { params }));
    },
    onSuccess: refresh,
  });
  return (
    <Stack maw={520}>
      {survey.mailingId ? (
        <Text>
          {t('surveys.send.already', { status: t(`surveys.sendStatus.${survey.sendStatus ?? 'sending'}`) })}
        </Text>
      ) : (
        <Paper
          withBorder
          p="md"
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate();
          }}
        >
          <Stack>
            <Text size="sm">
              {survey.kind === 'evaluation' ? t('surveys.send.toAttendees') : t('surveys.send.toSegment')}
            </Text>
            <TextInput
              label={t('surveys.send.fromName')}
              value={fromName}
              onChange={(e) => setFromName(e.currentTarget.value)}
              required
            />
            <TextInput
              label={t('surveys.send.fromAddress')}
              type="email"
              value={fromAddress}
              onChange={(e) => setFromAddress(e.currentTarget.value)}
              required
            />
            {member && (
              <>
                <MultiSelect
                  label={t('surveys.send.lists')}
                  data={(lists.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))}
                  value={listIds}
                  onChange={setListIds}
                  searchable
                />
                <MultiSelect
                  label={t('surveys.send.segments')}
                  data={(segments.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
                  value={segmentIds}
                  onChange={setSegmentIds}
                  searchable
                />
              </>
            )}
            {send.isError && (
              <Alert color="red" role="alert">
                {errorMessage(send.error)}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={send.isPending}>
                {t('surveys.send.submit')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      <Group>
        <Button
          variant="light"
          color={survey.status === 'closed' ? 'blue' : 'red'}
          loading={close.isPending}
          onClick={() => close.mutate()}
        >
          {survey.status === 'closed' ? t('surveys.reopen') : t('surveys.close')}
        </Button>
      </Group>
      {close.isError && (
        <Alert color="red" role="alert">
          {errorMessage(close.error)}
        </Alert>
      )}
    </Stack>
  );
}
