import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Paper,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { FileDownloads } from '../../lib/FileDownloads';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';

const RegionOutcomesChart = lazy(() =>
  import('./ReportCharts').then((m) => ({ default: m.RegionOutcomesChart })),
);
const MeetingNumbersChart = lazy(() =>
  import('./ReportCharts').then((m) => ({ default: m.MeetingNumbersChart })),
);

type Report = Schemas['RoundReportDto'];

/** A figure with its caption; the chart inside loads on its own (its numbers are in the table beside it). */
export function ChartFigure({ id, caption, children }: { id: string; caption: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="figure" m={0} aria-labelledby={id}>
      <Text fw={600} id={id} component="figcaption" mb="xs">
        {caption}
      </Text>
      <Suspense fallback={<Skeleton height={240} />}>{children}</Suspense>
    </Paper>
  );
}

export function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" component="dt">
        {label}
      </Text>
      <Box component="dd" m={0}>
        <Text fw={700} size="xl">
          {value}
        </Text>
        {hint && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
      </Box>
    </Paper>
  );
}

/**
 * A round's report: how the regions answered, the meetings with invited / yes / no / attended, the member
 * organisations that took part ("13 av 22"), charts of both, the round's files, and a meeting's own report.
 */
export function RoundReport({
  roundId,
  openMeetingId,
  onOpenMeeting,
}: {
  roundId: string;
  openMeetingId: string | null;
  onOpenMeeting: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const report = useQuery({
    queryKey: ['round-report', roundId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/rounds/{id}/report', { params: { path: { id: roundId } }, signal })),
  });
  const n = (v: number) => formatNumber(v, i18n.language);

  if (report.isPending) return <Skeleton height={320} />;
  if (report.isError)
    return (
      <Alert color="red" role="alert">
        {errorMessage(report.error)}
      </Alert>
    );
  const r = report.data;
  const members = r.memberOrganizations;

  return (
    <Stack>
      {r.round.responseDeadline && (
        <Text size="sm">{t('rounds.deadlineIs', { date: r.round.responseDeadline })}</Text>
      )}
      <FileDownloads
        title={t('reports.round.downloads')}
        files={[
          {
            id: 'round',
            label: t('reports.round.file'),
            request: (format) =>
              api.GET('/api/rounds/{id}/report/export', {
                params: { path: { id: roundId }, query: { format } },
                parseAs: 'blob',
              }),
            fallbackName: (format) => `omgangsrapport.${format}`,
          },
        ]}
      />
      <SimpleGrid cols={{ base: 2, md: 4 }} component="dl" spacing="sm" m={0}>
        <Stat
          label={t('reports.round.agreedRegions')}
          value={t('reports.ofTotal', { part: n(r.regions.agreed), total: n(r.regions.total) })}
        />
        <Stat
          label={t('reports.round.meetings')}
          value={n(r.meetingsHeld)}
          hint={t('reports.round.meetingsHint', {
            planned: n(r.meetingsPlanned),
            cancelled: n(r.meetingsCancelled),
          })}
        />
        <Stat
          label={t('reports.round.participants')}
          value={n(r.distinctParticipants)}
          hint={t('reports.round.attendances', { count: r.attendances, n: n(r.attendances) })}
        />
        <Stat
          label={t('reports.round.memberOrganizations')}
          value={t('reports.ofTotal', { part: n(members.present), total: n(members.total) })}
        />
      </SimpleGrid>

      <MemberOrganizations report={r} />

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChartFigure id="chart-regions" caption={t('reports.round.regionsChart')}>
          <RegionOutcomesChart regions={r.regions} />
        </ChartFigure>
        <ChartFigure id="chart-meetings" caption={t('reports.round.meetingsChart')}>
          {r.meetings.length > 0 ? (
            <MeetingNumbersChart meetings={r.meetings} />
          ) : (
            <Text c="dimmed" size="sm">
              {t('reports.round.noMeetings')}
            </Text>
          )}
        </ChartFigure>
      </SimpleGrid>

      <Stack gap="xs" component="section" aria-labelledby="report-meetings">
        <Title order={2} size="h4" id="report-meetings">
          {t('reports.round.meetingsTitle')}
        </Title>
        <Table.ScrollContainer minWidth={820}>
          <Table striped aria-labelledby="report-meetings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.round.meeting')}</Table.Th>
                <Table.Th>{t('reports.round.when')}</Table.Th>
                <Table.Th>{t('reports.round.region')}</Table.Th>
                <Table.Th ta="right">{t('meetings.report.numbers.invited')}</Table.Th>
                <Table.Th ta="right">{t('meetings.report.numbers.yes')}</Table.Th>
                <Table.Th ta="right">{t('meetings.report.numbers.no')}</Table.Th>
                <Table.Th ta="right">{t('meetings.report.numbers.attended')}</Table.Th>
                <Table.Th>{t('reports.round.report')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.meetings.map(({ meeting, numbers }) => (
                <Table.Tr key={meeting.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/moten/${meeting.id}`}>
                      {meeting.title}
                    </Anchor>
                    {meeting.status === 'cancelled' && (
                      <Badge ml="xs" variant="light" color="gray" c="dark.9">
                        {t('meetings.status.cancelled')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(meeting.startsAt, i18n.language)}
                  </Table.Td>
                  <Table.Td>{meeting.regionName}</Table.Td>
                  <Table.Td ta="right">{n(numbers.invited)}</Table.Td>
                  <Table.Td ta="right">{n(numbers.yes)}</Table.Td>
                  <Table.Td ta="right">{n(numbers.no)}</Table.Td>
                  <Table.Td ta="right">{n(numbers.attended)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant={openMeetingId === meeting.id ? 'filled' : 'light'}
                      onClick={() => onOpenMeeting(meeting.id)}
                      aria-label={t('reports.round.openMeetingReport', { title: meeting.title })}
                      aria-pressed={openMeetingId === meeting.id}
                    >
                      {t('reports.round.showReport')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
              {r.meetings.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={8}>
                    <Text c="dimmed" size="sm">
                      {t('reports.round.noMeetings')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="report-regions">
        <Title order={2} size="h4" id="report-regions">
          {t('reports.round.regionsTitle')}
        </Title>
        <Table.ScrollContainer minWidth={640}>
          <Table striped aria-labelledby="report-regions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.round.region')}</Table.Th>
                <Table.Th>{t('reports.round.status')}</Table.Th>
                <Table.Th>{t('reports.round.lastActivity')}</Table.Th>
                <Table.Th ta="right">{t('reports.round.regionMeetings')}</Table.Th>
                <Table.Th ta="right">{t('meetings.report.numbers.attended')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.regions.rows.map((row) => (
                <Table.Tr key={row.regionId}>
                  <Table.Td>{row.regionName}</Table.Td>
                  <Table.Td>{t(`regions.status.${row.status}`)}</Table.Td>
                  <Table.Td>{formatDate(row.lastActivityAt, i18n.language)}</Table.Td>
                  <Table.Td ta="right">{n(row.meetings)}</Table.Td>
                  <Table.Td ta="right">{n(row.attended)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Stack>
  );
}

function MemberOrganizations({ report }: { report: Report }) {
  const { t, i18n } = useTranslation();
  const m = report.memberOrganizations;
  const n = (v: number) => formatNumber(v, i18n.language);
  const share = m.total > 0 ? (100 * m.present) / m.total : 0;
  const line = t('reports.round.membersLine', { part: n(m.present), total: n(m.total) });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="report-members">
      <Stack gap="xs">
        <Title order={2} size="h4" id="report-members">
          {t('reports.round.membersTitle')}
        </Title>
        <Text>{line}</Text>
        <Progress value={share} size="lg" aria-label={line} color="teal.8" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <div>
            <Text size="sm" fw={600}>
              {t('reports.round.present')}
            </Text>
            <Text size="sm">{m.presentNames.join(', ') || t('reports.none')}</Text>
          </div>
          <div>
            <Text size="sm" fw={600}>
              {t('reports.round.missing')}
            </Text>
            <Text size="sm">{m.missingNames.join(', ') || t('reports.none')}</Text>
          </div>
        </SimpleGrid>
        {report.partnerOrganizationsPresent.length > 0 && (
          <Text size="sm">
            {t('reports.round.partners', { names: report.partnerOrganizationsPresent.join(', ') })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
