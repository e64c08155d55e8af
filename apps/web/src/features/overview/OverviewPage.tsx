import {
  Alert,
  Anchor,
  Badge,
  Card,
  Group,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatLongDateTime, formatNumber } from '../../lib/format';
import { doneOf } from '../../lib/progress';
import { useCampaignEvents } from '../campaigns/useCampaignEvents';
import { RecentReplies, RoundBoardInSmall } from './OverviewBoard';

type Campaign = Schemas['CampaignViewDto'];
type Meeting = Schemas['MeetingViewDto'];

/** Översikt: what is being sent right now, live, the newest round's regions, the meetings coming up, new replies. */
export function OverviewPage() {
  const { t } = useTranslation();
  const api = useApi();
  const campaigns = useQuery({
    queryKey: ['campaigns', 'sending'],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/campaigns', { params: { query: { status: 'sending', limit: 20 } }, signal })),
  });
  const meetings = useQuery({
    queryKey: ['meetings', 'upcoming'],
    queryFn: async ({ signal }) => {
      const [planned, invited] = await Promise.all(
        (['planned', 'invited'] as const).map((status) =>
          unwrap(api.GET('/api/meetings', { params: { query: { status, limit: 100 } }, signal })),
        ),
      );
      const now = Date.now();
      return [...planned.items, ...invited.items]
        .filter((m) => new Date(m.endsAt).getTime() >= now)
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
        .slice(0, 10);
    },
  });

  return (
    <Stack>
      <Title order={1}>{t('overview.title')}</Title>
      <Stack component="section" aria-labelledby="skickas-nu">
        <Title order={2} size="h3" id="skickas-nu">
          {t('overview.sendingNow')}
        </Title>
        {campaigns.isPending && <Skeleton height={90} />}
        {campaigns.isError && (
          <Alert color="red" role="alert">
            {errorMessage(campaigns.error)}
          </Alert>
        )}
        {campaigns.isSuccess && campaigns.data.items.length === 0 && (
          <Text c="dimmed">{t('overview.noSending')}</Text>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {campaigns.data?.items.map((c) => (
            <CampaignProgressCard key={c.id} campaign={c} />
          ))}
        </SimpleGrid>
      </Stack>
      <Stack component="section" aria-labelledby="kommande-moten">
        <Title order={2} size="h3" id="kommande-moten">
          {t('overview.upcomingMeetings')}
        </Title>
        {meetings.isPending && <Skeleton height={90} />}
        {meetings.isError && (
          <Alert color="red" role="alert">
            {errorMessage(meetings.error)}
          </Alert>
        )}
        {meetings.isSuccess && meetings.data.length === 0 && (
          <Text c="dimmed">{t('overview.noMeetings')}</Text>
        )}
        {meetings.isSuccess && meetings.data.length > 0 && <MeetingsTable meetings={meetings.data} />}
      </Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <RoundBoardInSmall />
        <RecentReplies />
      </SimpleGrid>
    </Stack>
  );
}

/** One campaign's counts, kept current by its server-sent events (GET /api/campaigns/:id/events). */
function CampaignProgressCard({ campaign }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation();
  const { progress, connection } = useCampaignEvents(campaign.id);

  const counts = progress?.counts;
  const total = progress?.total ?? 0;
  const failed = counts ? counts.failed_permanent + counts.failed_temporary + counts.uncertain : 0;
  const done = progress ? doneOf(progress) : 0;
  const status = progress?.status ?? campaign.status;
  const percent = total > 0 ? (100 * done) / total : 0;
  const n = (v: number) => formatNumber(v, i18n.language);

  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Anchor component={Link} to={`/utskick/${campaign.id}`} fw={600}>
            {campaign.name}
          </Anchor>
          <Badge variant="light">{t(`overview.status.${status}`)}</Badge>
        </Group>
        <Progress
          value={percent}
          animated={status === 'sending'}
          aria-label={t('overview.progress', { done: n(done), total: n(total) })}
        />
        <Text size="sm" aria-live="polite">
          {progress ? t('overview.progress', { done: n(done), total: n(total) }) : t('app.loading')}
        </Text>
        {counts && (
          <Group gap="md">
            <Text size="xs">
              {t('overview.sent')}: {n(counts.sent)}
            </Text>
            <Text size="xs">
              {t('overview.pending')}: {n(counts.pending + counts.sending)}
            </Text>
            <Text size="xs">
              {t('overview.suppressed')}: {n(counts.suppressed)}
            </Text>
            <Text size="xs" c={failed > 0 ? 'red' : undefined}>
              {t('overview.failed')}: {n(failed)}
            </Text>
          </Group>
        )}
        <Text size="xs" c="dimmed">
          {connection === 'live' ? t('overview.live') : t('overview.reconnecting')}
        </Text>
      </Stack>
    </Card>
  );
}

function MeetingsTable({ meetings }: { meetings: Meeting[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('overview.meetingWhen')}</Table.Th>
            <Table.Th>{t('overview.meetingTitle')}</Table.Th>
            <Table.Th>{t('overview.meetingPlace')}</Table.Th>
            <Table.Th>{t('overview.meetingAnswers')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {meetings.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <time dateTime={m.startsAt}>{formatLongDateTime(m.startsAt, i18n.language)}</time>
              </Table.Td>
              <Table.Td>
                {m.title}
                <Text size="xs" c="dimmed">
                  {m.region.name}
                </Text>
              </Table.Td>
              <Table.Td>{[m.venue, m.city].filter(Boolean).join(', ')}</Table.Td>
              <Table.Td>
                {m.responseCounts.yes} / {m.responseCounts.no}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
