import { Alert, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { SurveyResults } from '../surveys/SurveyResults';

/**
 * The meeting's evaluation surveys, each with its results as charts (averages, distributions, free texts and the
 * response rate; the charts load only here), above the report's tables.
 */
export function MeetingEvaluation({ meetingId }: { meetingId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const surveys = useQuery({
    queryKey: ['surveys', 'meeting', meetingId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/surveys', { params: { query: { meetingId, kind: 'evaluation' } }, signal })),
  });
  if (surveys.isError)
    return (
      <Alert color="red" role="alert">
        {errorMessage(surveys.error)}
      </Alert>
    );
  if (!surveys.data) return null;
  if (surveys.data.items.length === 0) return <Text c="dimmed">{t('meetings.evaluation.none')}</Text>;
  return (
    <Stack>
      {surveys.data.items.map((s) => (
        <Stack key={s.id} component="section" aria-labelledby={`utvardering-${s.id}`} gap="xs">
          <Title order={3} size="h4" id={`utvardering-${s.id}`}>
            {t('meetings.evaluation.title', {
              title: i18n.language === 'en' && s.titleEn ? s.titleEn : s.titleSv,
            })}
          </Title>
          <SurveyResults surveyId={s.id} />
        </Stack>
      ))}
    </Stack>
  );
}
