import { Alert, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { FileDownloads, type DownloadableFile, type FileFormat } from '../../lib/FileDownloads';
import { formatNumber } from '../../lib/format';

const AnswersChart = lazy(() => import('./AnswersChart'));

type Breakdown = Schemas['BreakdownRowDto'];
const NUMBER_KEYS = [
  'invited',
  'yes',
  'maybe',
  'no',
  'waitlisted',
  'cancelled',
  'noAnswer',
  'attended',
  'noShow',
  'walkIns',
] as const;

/** The meeting's report: the numbers, the answers as a chart, by organisation and by region, and the files. */
export function MeetingReport({ meetingId }: { meetingId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const report = useQuery({
    queryKey: ['meeting-report', meetingId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/meetings/{id}/report', { params: { path: { id: meetingId } }, signal })),
  });
  const n = (v: number) => formatNumber(v, i18n.language);

  return (
    <Stack>
      <MeetingDownloads meetingId={meetingId} />
      {report.isPending && <Skeleton height={200} />}
      {report.isError && (
        <Alert color="red" role="alert">
          {errorMessage(report.error)}
        </Alert>
      )}
      {report.data && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 5 }} component="dl" spacing="xs">
            {NUMBER_KEYS.map((key) => (
              <Paper withBorder p="xs" key={key}>
                <Text size="xs" c="dimmed" component="dt">
                  {t(`meetings.report.numbers.${key}`)}
                </Text>
                <Text fw={700} size="lg" component="dd" m={0}>
                  {n(report.data.numbers[key])}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          <Paper withBorder p="md" component="figure" m={0} aria-labelledby="answers-chart">
            <Text fw={600} id="answers-chart" component="figcaption" mb="xs">
              {t('meetings.report.chart')}
            </Text>
            <Suspense fallback={<Skeleton height={260} />}>
              <AnswersChart numbers={report.data.numbers} />
            </Suspense>
          </Paper>
          <BreakdownTable title={t('meetings.report.byOrganization')} rows={report.data.byOrganization} />
          <BreakdownTable title={t('meetings.report.byRegion')} rows={report.data.byRegion} />
          {report.data.diets.length > 0 && (
            <Stack gap="xs">
              <Title order={3} size="h5">
                {t('meetings.report.diets')}
              </Title>
              <Table>
                <Table.Tbody>
                  {report.data.diets.map((d) => (
                    <Table.Tr key={d.diet}>
                      <Table.Td>{d.diet}</Table.Td>
                      <Table.Td>{n(d.count)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          )}
          {report.data.sections.map((section, i) => (
            <ReportSection key={`${section.key}-${i}`} section={section} />
          ))}
        </>
      )}
    </Stack>
  );
}

/**
 * A part another feature adds to the report (the evaluation survey's results): its tables as the files show them,
 * each under its title.
 */
function ReportSection({ section }: { section: Schemas['MeetingReportSectionDto'] }) {
  const { i18n } = useTranslation();
  const cell = (v: string | number | null) =>
    v === null ? '' : typeof v === 'number' ? formatNumber(v, i18n.language) : v;
  return (
    <Stack gap="xs" component="section" aria-label={section.title}>
      <Title order={3} size="h4">
        {section.title}
      </Title>
      {section.tables.map((table, i) => (
        <Stack gap={4} key={i}>
          {table.title && (
            <Text fw={600} size="sm">
              {table.title}
            </Text>
          )}
          <Table.ScrollContainer minWidth={300}>
            <Table striped aria-label={table.title ?? section.title}>
              <Table.Thead>
                <Table.Tr>
                  {table.headers.map((h) => (
                    <Table.Th key={h}>{h}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {table.rows.map((row, r) => (
                  <Table.Tr key={r}>
                    {row.map((v, c) => (
                      <Table.Td key={c}>{cell(v)}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      ))}
    </Stack>
  );
}

function BreakdownTable({ title, rows }: { title: string; rows: Breakdown[] }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {title}
      </Title>
      <Table.ScrollContainer minWidth={500}>
        <Table striped aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('meetings.report.name')}</Table.Th>
              <Table.Th>{t('meetings.report.numbers.invited')}</Table.Th>
              <Table.Th>{t('meetings.report.numbers.yes')}</Table.Th>
              <Table.Th>{t('meetings.report.numbers.attended')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id ?? '-'}>
                <Table.Td>{r.id === null ? t('meetings.report.none') : r.name}</Table.Td>
                <Table.Td>{n(r.invited)}</Table.Td>
                <Table.Td>{n(r.yes)}</Table.Td>
                <Table.Td>{n(r.attended)}</Table.Td>
              </Table.Tr>
            ))}
            {rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed" size="sm">
                    {t('meetings.report.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/**
 * The meeting's files (report, answers, attendance) as Excel or CSV, fetched through the one download helper: a
 * refusal is the API's Swedish message under the file's row, never a broken file.
 */
export function MeetingDownloads({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const params = (format: FileFormat) => ({ path: { id: meetingId }, query: { format } });
  const files: DownloadableFile[] = [
    {
      id: 'report',
      label: t('meetings.report.file.report'),
      request: (format) =>
        api.GET('/api/meetings/{id}/report/export', { params: params(format), parseAs: 'blob' }),
      fallbackName: (format) => `motesrapport.${format}`,
    },
    {
      id: 'responses',
      label: t('meetings.report.file.responses'),
      request: (format) =>
        api.GET('/api/meetings/{id}/responses/export', { params: params(format), parseAs: 'blob' }),
      fallbackName: (format) => `svar.${format}`,
    },
    {
      id: 'attendance',
      label: t('meetings.report.file.attendance'),
      request: (format) =>
        api.GET('/api/meetings/{id}/attendance/export', { params: params(format), parseAs: 'blob' }),
      fallbackName: (format) => `narvaro.${format}`,
    },
  ];
  return <FileDownloads files={files} />;
}
