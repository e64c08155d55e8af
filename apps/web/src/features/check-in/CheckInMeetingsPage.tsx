import { Alert, Badge, Paper, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../lib/format';
import { localCheckInStore } from './storage';
import './check-in.css';

/** Meetings that ended less than this long ago are still offered (the evening may run late). */
const STILL_ON_MS = 12 * 3600_000;

/**
 * Incheckning: the meetings to check people in at (planned or invited, not yet over), and the meetings whose
 * list is kept on this phone, so the door can be reached without the network.
 */
export function CheckInMeetingsPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [stored] = useState(() => localCheckInStore().storedMeetings());
  const meetings = useQuery({
    queryKey: ['meetings', 'check-in'],
    queryFn: async ({ signal }) => {
      const pages = await Promise.all(
        (['invited', 'planned'] as const).map((status) =>
          unwrap(api.GET('/api/meetings', { params: { query: { status, limit: 200 } }, signal })),
        ),
      );
      const since = Date.now() - STILL_ON_MS;
      return pages
        .flatMap((p) => p.items)
        .filter((m) => new Date(m.endsAt).getTime() >= since)
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    },
  });
  const listed = new Set(meetings.data?.map((m) => m.id) ?? []);
  const storedOnly = stored.filter((s) => s.meeting && !listed.has(s.meeting.id));

  return (
    <Stack maw={720} mx="auto" className="check-in">
      <Title order={1}>{t('checkIn.title')}</Title>
      <Text>{t('checkIn.intro')}</Text>
      <Stack component="section" aria-labelledby="incheckning-kommande" gap="xs">
        <Title order={2} size="h3" id="incheckning-kommande">
          {t('checkIn.upcoming')}
        </Title>
        {meetings.isPending && <Skeleton height={80} />}
        {meetings.isError && (
          <Alert color="red" role="alert">
            {errorMessage(meetings.error)}
          </Alert>
        )}
        {meetings.isSuccess && meetings.data.length === 0 && (
          <Text c="dimmed">{t('checkIn.noUpcoming')}</Text>
        )}
        {meetings.data?.map((m) => (
          <MeetingLink
            key={m.id}
            id={m.id}
            title={m.title}
            when={m.startsAtText}
            place={[m.venue, m.city, m.region.name].filter(Boolean).join(', ')}
            saved={stored.some((s) => s.meeting?.id === m.id)}
          />
        ))}
      </Stack>
      {storedOnly.length > 0 && (
        <Stack component="section" aria-labelledby="incheckning-sparade" gap="xs">
          <Title order={2} size="h3" id="incheckning-sparade">
            {t('checkIn.savedOnPhone')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('checkIn.savedOnPhoneHint')}
          </Text>
          {storedOnly.map((s) => (
            <MeetingLink
              key={s.meeting!.id}
              id={s.meeting!.id}
              title={s.meeting!.title}
              when={s.meeting!.timeText}
              place={t('checkIn.listFetched', { when: formatDateTime(s.fetchedAt, i18n.language) })}
              saved
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function MeetingLink(props: { id: string; title: string; when: string; place: string; saved: boolean }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder>
      <UnstyledButton component={Link} to={`/incheckning/${props.id}`} p="md" w="100%" display="block">
        <Text fw={700} size="lg">
          {props.title}
        </Text>
        <Text size="sm">{props.when}</Text>
        <Text size="sm" c="dimmed">
          {props.place}
        </Text>
        {props.saved && (
          <Badge mt={4} variant="default">
            {t('checkIn.savedOnPhone')}
          </Badge>
        )}
      </UnstyledButton>
    </Paper>
  );
}
