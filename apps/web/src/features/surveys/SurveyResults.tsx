import { Alert, List, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { FileDownloads, type DownloadableFile } from '../../lib/FileDownloads';
import { formatNumber } from '../../lib/format';
import { useCan } from '../auth/session';

const SurveyQuestionChart = lazy(() => import('./SurveyCharts'));

/** A survey's results: answered / sent, and per question its chart and table, or its free-text answers. */
export function SurveyResults({ surveyId }: { surveyId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const canExport = useCan('editor');
  const results = useQuery({
    queryKey: ['survey-results', surveyId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/surveys/{id}/results', { params: { path: { id: surveyId } }, signal })),
  });
  const n = (v: number) => formatNumber(v, i18n.language);
  const files: DownloadableFile[] = [
    {
      id: 'results',
      label: t('surveys.results.file'),
      request: (format) =>
        api.GET('/api/surveys/{id}/results/export', {
          params: { path: { id: surveyId }, query: { format } },
          parseAs: 'blob',
        }),
      fallbackName: (format) => `enkatresultat.${format}`,
    },
  ];
  if (results.isPending) return <Skeleton height={200} />;
  if (results.isError)
    return (
      <Alert color="red" role="alert">
        {errorMessage(results.error)}
      </Alert>
    );
  const r = results.data;
  return (
    <Stack>
      {canExport && <FileDownloads files={files} />}
      <SimpleGrid cols={{ base: 3 }} component="dl" spacing="xs">
        <Figure label={t('surveys.results.sent')} value={r.sent === null ? '–' : n(r.sent)} />
        <Figure label={t('surveys.results.answered')} value={n(r.answered)} />
        <Figure
          label={t('surveys.results.rate')}
          value={
            r.responseRate === null
              ? '–'
              : `${(r.responseRate * 100).toLocaleString(i18n.language, { maximumFractionDigits: 1 })} %`
          }
        />
      </SimpleGrid>
      {r.questions.map((q, i) => (
        <Paper withBorder p="md" key={q.id} component="section" aria-labelledby={`fraga-${q.id}`}>
          <Stack gap="xs">
            <Title order={3} size="h5" id={`fraga-${q.id}`}>
              {i + 1}. {q.text}
            </Title>
            <Text size="sm" c="dimmed">
              {t('surveys.results.questionAnswered', { count: q.answered })}
              {q.average !== null &&
                ` · ${t('surveys.results.average')}: ${q.average.toLocaleString(i18n.language)}`}
            </Text>
            {q.kind === 'text' ? (
              q.texts.length > 0 ? (
                <List spacing="xs">
                  {q.texts.map((text, j) => (
                    <List.Item key={j}>{text}</List.Item>
                  ))}
                </List>
              ) : (
                <Text size="sm">{t('surveys.results.noTexts')}</Text>
              )
            ) : (
              <>
                <Suspense fallback={<Skeleton height={160} />}>
                  <SurveyQuestionChart question={q} />
                </Suspense>
                <Table aria-label={q.text}>
                  <Table.Tbody>
                    {q.distribution.map((d) => (
                      <Table.Tr key={d.value}>
                        <Table.Td>{d.label}</Table.Td>
                        <Table.Td>{n(d.count)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed" component="dt">
        {label}
      </Text>
      <Text fw={700} size="lg" component="dd" m={0}>
        {value}
      </Text>
    </Paper>
  );
}
