import { Alert, Group, Paper, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDate } from '../../lib/format';
import { MeetingReport } from '../meetings/MeetingReport';
import { useRounds } from '../rounds/queries';
import { CampaignReport } from './CampaignReport';
import { RoundReport } from './RoundReport';

/**
 * Rapporter: a round's report (regions, meetings, member organisations, charts, files) with each meeting's own
 * report, and a campaign's report. What is shown lives in the address (?flik=kampanjer, ?omgang=, ?mote=,
 * ?kampanj=), so a report can be sent as a link and "back" returns to it.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('flik') === 'kampanjer' ? 'campaigns' : 'rounds';
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  return (
    <Stack>
      <Title order={1}>{t('reports.title')}</Title>
      <Tabs
        value={tab}
        onChange={(value) => set({ flik: value === 'campaigns' ? 'kampanjer' : null })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="rounds">{t('reports.tabs.rounds')}</Tabs.Tab>
          <Tabs.Tab value="campaigns">{t('reports.tabs.campaigns')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rounds" pt="md">
          <Rounds
            roundId={params.get('omgang')}
            meetingId={params.get('mote')}
            onRound={(id) => set({ omgang: id, mote: null })}
            onMeeting={(id) => set({ mote: id })}
          />
        </Tabs.Panel>
        <Tabs.Panel value="campaigns" pt="md">
          <Campaigns campaignId={params.get('kampanj')} onCampaign={(id) => set({ kampanj: id })} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Rounds({
  roundId: asked,
  meetingId,
  onRound,
  onMeeting,
}: {
  roundId: string | null;
  meetingId: string | null;
  onRound: (id: string | null) => void;
  onMeeting: (id: string) => void;
}) {
  const { t } = useTranslation();
  const rounds = useRounds();
  const roundId = asked ?? rounds.data?.[0]?.id ?? null;
  return (
    <Stack>
      <Select
        label={t('reports.round.choose')}
        data={(rounds.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
        value={roundId}
        onChange={onRound}
        allowDeselect={false}
        placeholder={rounds.isPending ? t('app.loading') : t('rounds.noRounds')}
        w={{ base: '100%', sm: 360 }}
      />
      {rounds.isError && (
        <Alert color="red" role="alert">
          {errorMessage(rounds.error)}
        </Alert>
      )}
      {rounds.isSuccess && rounds.data.length === 0 && <Text>{t('reports.round.noRounds')}</Text>}
      {roundId && <RoundReport roundId={roundId} openMeetingId={meetingId} onOpenMeeting={onMeeting} />}
      {roundId && meetingId && <MeetingSection meetingId={meetingId} />}
    </Stack>
  );
}

/** The chosen meeting's own report (numbers, chart, by organisation and region, files), under the round's. */
function MeetingSection({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const meeting = useQuery({
    queryKey: ['meeting', meetingId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/meetings/{id}', { params: { path: { id: meetingId } }, signal })),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="meeting-report">
      <Stack>
        <Title order={2} size="h3" id="meeting-report">
          {meeting.data
            ? t('reports.meeting.title', { title: meeting.data.title })
            : t('reports.meeting.titleShort')}
        </Title>
        <MeetingReport meetingId={meetingId} />
      </Stack>
    </Paper>
  );
}

function Campaigns({
  campaignId: asked,
  onCampaign,
}: {
  campaignId: string | null;
  onCampaign: (id: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const campaigns = useQuery({
    queryKey: ['campaigns', 'reports'],
    queryFn: async ({ signal }) => {
      const page = await unwrap(api.GET('/api/campaigns', { params: { query: { limit: 200 } }, signal }));
      return [...page.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
  });
  const campaignId = asked ?? campaigns.data?.[0]?.id ?? null;
  return (
    <Stack>
      <Group align="flex-end">
        <Select
          label={t('reports.campaign.choose')}
          data={(campaigns.data ?? []).map((c) => ({
            value: c.id,
            label: `${c.name} (${formatDate(c.startedAt ?? c.createdAt, i18n.language)})`,
          }))}
          value={campaignId}
          onChange={onCampaign}
          allowDeselect={false}
          searchable
          placeholder={campaigns.isPending ? t('app.loading') : t('reports.campaign.none')}
          w={{ base: '100%', sm: 420 }}
        />
      </Group>
      {campaigns.isError && (
        <Alert color="red" role="alert">
          {errorMessage(campaigns.error)}
        </Alert>
      )}
      {campaigns.isSuccess && campaigns.data.length === 0 && <Text>{t('reports.campaign.noCampaigns')}</Text>}
      {campaignId && <CampaignReport campaignId={campaignId} />}
    </Stack>
  );
}
