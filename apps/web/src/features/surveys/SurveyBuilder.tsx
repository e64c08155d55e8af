import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';

type Survey = Schemas['SurveyDto'];
type QuestionKind = Schemas['QuestionInputDto']['kind'];
const KINDS: QuestionKind[] = ['rating', 'single', 'multiple', 'text'];

/** A question as the builder holds it: the choices one per line ("Svenska | English"). */
interface DraftQuestion {
  kind: QuestionKind;
  required: boolean;
  textSv: string;
  textEn: string;
  choices: string;
}

function draftOf(survey: Survey | null): DraftQuestion[] {
  return (survey?.questions ?? []).map((q) => ({
    kind: q.kind,
    required: q.required,
    textSv: q.text.sv,
    textEn: q.text.en ?? '',
    choices: q.choices.map((c) => (c.en ? `${c.sv} | ${c.en}` : c.sv)).join('\n'),
  }));
}

function questionInput(q: DraftQuestion): Schemas['QuestionInputDto'] {
  const choices =
    q.kind === 'single' || q.kind === 'multiple'
      ? q.choices
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line)
          .map((line) => {
            const [sv, en] = line.split('|').map((p) => p.trim());
            return { sv, en: en || null };
          })
      : undefined;
  return { kind: q.kind, required: q.required, textSv: q.textSv, textEn: q.textEn || null, choices };
}

/**
 * Makes or changes a survey: its kind (an evaluation belongs to a meeting), titles and intro in Swedish and
 * English, anonymity, and the questions. The questions are locked once anyone has answered (the API says so too).
 */
export function SurveyBuilder({
  survey,
  meetingId: givenMeeting,
  onSaved,
}: {
  survey: Survey | null;
  meetingId?: string | null;
  onSaved: (survey: Survey) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Survey['kind']>(survey?.kind ?? (givenMeeting ? 'evaluation' : 'member'));
  const [meetingId, setMeetingId] = useState<string | null>(survey?.meetingId ?? givenMeeting ?? null);
  const [titleSv, setTitleSv] = useState(survey?.titleSv ?? '');
  const [titleEn, setTitleEn] = useState(survey?.titleEn ?? '');
  const [introSv, setIntroSv] = useState(survey?.introSv ?? '');
  const [anonymous, setAnonymous] = useState(survey?.anonymous ?? false);
  const [questions, setQuestions] = useState<DraftQuestion[]>(draftOf(survey));
  const locked = (survey?.responses ?? 0) > 0;
  const meetings = useQuery({
    queryKey: ['meetings', 'for-survey'],
    enabled: !survey && kind === 'evaluation',
    queryFn: ({ signal }) => unwrap(api.GET('/api/meetings', { params: { query: { limit: 100 } }, signal })),
  });
  const save = useMutation({
    mutationFn: () => {
      const body = {
        titleSv,
        titleEn: titleEn || null,
        introSv: introSv || null,
        anonymous,
        ...(locked ? {} : { questions: questions.map(questionInput) }),
      };
      return survey
        ? unwrap(api.PATCH('/api/surveys/{id}', { params: { path: { id: survey.id } }, body }))
        : unwrap(
            api.POST('/api/surveys', {
              body: { ...body, kind, meetingId: kind === 'evaluation' ? meetingId : null },
            }),
          );
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['surveys'] });
      queryClient.setQueryData(['survey', saved.id], saved);
      onSaved(saved);
    },
  });
  const change = (i: number, patch: Partial<DraftQuestion>) =>
    setQuestions((qs) => qs.map((q, j) => (j === i ? { ...q, ...patch } : q)));

  return (
    <Stack
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {!survey && (
        <Group grow align="flex-start">
          <Select
            label={t('surveys.kind.label')}
            data={(['evaluation', 'member'] as const).map((k) => ({
              value: k,
              label: t(`surveys.kind.${k}`),
            }))}
            value={kind}
            onChange={(v) => v && setKind(v as Survey['kind'])}
            allowDeselect={false}
          />
          {kind === 'evaluation' && (
            <Select
              label={t('surveys.meeting')}
              data={(meetings.data?.items ?? []).map((m) => ({ value: m.id, label: m.title }))}
              value={meetingId}
              onChange={setMeetingId}
              searchable
              required
            />
          )}
        </Group>
      )}
      <TextInput
        label={t('surveys.titleSv')}
        value={titleSv}
        onChange={(e) => setTitleSv(e.currentTarget.value)}
        required
        maxLength={200}
      />
      <TextInput
        label={t('surveys.titleEn')}
        value={titleEn}
        onChange={(e) => setTitleEn(e.currentTarget.value)}
        maxLength={200}
      />
      <Textarea
        label={t('surveys.introSv')}
        value={introSv}
        onChange={(e) => setIntroSv(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={2000}
      />
      <Switch
        label={t('surveys.anonymous')}
        description={t('surveys.anonymousHint')}
        checked={anonymous}
        disabled={locked}
        onChange={(e) => setAnonymous(e.currentTarget.checked)}
      />
      <Title order={2} size="h4">
        {t('surveys.questions')}
      </Title>
      {locked && <Alert color="yellow">{t('surveys.locked')}</Alert>}
      {questions.map((q, i) => (
        <Paper
          withBorder
          p="sm"
          key={i}
          component="fieldset"
          aria-label={t('surveys.questionN', { n: i + 1 })}
        >
          <Stack gap="xs">
            <Group justify="space-between" align="flex-end">
              <Select
                label={t('surveys.questionKind')}
                data={KINDS.map((k) => ({ value: k, label: t(`surveys.questionKinds.${k}`) }))}
                value={q.kind}
                onChange={(v) => v && change(i, { kind: v as QuestionKind })}
                allowDeselect={false}
                disabled={locked}
              />
              <Checkbox
                label={t('surveys.required')}
                checked={q.required}
                disabled={locked}
                onChange={(e) => change(i, { required: e.currentTarget.checked })}
              />
              {!locked && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('surveys.removeQuestion', { n: i + 1 })}
                  onClick={() => setQuestions((qs) => qs.filter((_, j) => j !== i))}
                >
                  ✕
                </ActionIcon>
              )}
            </Group>
            <TextInput
              label={t('surveys.questionSv', { n: i + 1 })}
              value={q.textSv}
              onChange={(e) => change(i, { textSv: e.currentTarget.value })}
              required
              disabled={locked}
              maxLength={500}
            />
            <TextInput
              label={t('surveys.questionEn')}
              value={q.textEn}
              onChange={(e) => change(i, { textEn: e.currentTarget.value })}
              disabled={locked}
              maxLength={500}
            />
            {(q.kind === 'single' || q.kind === 'multiple') && (
              <Textarea
                label={t('surveys.choices')}
                description={t('surveys.choicesHint')}
                value={q.choices}
                onChange={(e) => change(i, { choices: e.currentTarget.value })}
                autosize
                minRows={2}
                disabled={locked}
              />
            )}
          </Stack>
        </Paper>
      ))}
      {!locked && (
        <Button
          variant="light"
          onClick={() =>
            setQuestions((qs) => [
              ...qs,
              { kind: 'rating', required: false, textSv: '', textEn: '', choices: '' },
            ])
          }
        >
          {t('surveys.addQuestion')}
        </Button>
      )}
      {save.isError && (
        <Alert color="red" role="alert">
          {errorMessage(save.error)}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={save.isPending}>
          {survey ? t('surveys.save') : t('surveys.create')}
        </Button>
      </Group>
    </Stack>
  );
}
