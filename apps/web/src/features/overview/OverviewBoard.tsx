import { Alert, Anchor, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../lib/format';
import { HOSTING_STYLE, legendOf } from '../regions/hosting';
import { useRounds } from '../rounds/queries';

/** The newest round's region board in small: how many regions have each status, and a way to the whole board. */
export function RoundBoardInSmall() {
  const { t } = useTranslation();
  const api = useApi();
  const rounds = useRounds();
  const round = rounds.data?.[0];
  const board = useQuery({
    queryKey: ['round-board', round?.id],
    enabled: Boolean(round),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/rounds/{id}/regions', { params: { path: { id: round!.id } }, signal })),
  });
  const legend = board.data ? legendOf(board.data.items).filter((e) => e.count > 0) : [];

  return (
    <Stack component="section" aria-labelledby="regionerna" gap="xs">
      <Title order={2} size="h3" id="regionerna">
        {round ? t('overview.board.title', { round: round.name }) : t('overview.board.titleNoRound')}
      </Title>
      {(rounds.isPending || (round && board.isPending)) && <Skeleton height={40} />}
      {(rounds.isError || board.isError) && (
        <Alert color="red" role="alert">
          {errorMessage(rounds.error ?? board.error)}
        </Alert>
      )}
      {rounds.isSuccess && !round && <Text c="dimmed">{t('overview.board.noRound')}</Text>}
      {legend.length > 0 && (
        <Group gap="xs" component="ul" className="status-chips">
          {legend.map((entry) => (
            <li key={entry.status}>
              <span className="status-chip">
                <span
                  className="status-swatch"
                  aria-hidden="true"
                  style={{ background: entry.fill, color: HOSTING_STYLE[entry.status].ink }}
                >
                  {entry.symbol}
                </span>
                {t('overview.board.count', {
                  count: entry.count,
                  status: t(`regions.status.${entry.status}`),
                })}
              </span>
            </li>
          ))}
        </Group>
      )}
      {round && (
        <Anchor component={Link} to={`/regioner?omgang=${round.id}`} size="sm">
          {t('overview.board.open')}
        </Anchor>
      )}
    </Stack>
  );
}

/** The newest replies from people (not auto-replies or bounces) that nobody has handled yet. */
export function RecentReplies() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const replies = useQuery({
    queryKey: ['replies', 'overview'],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/replies', {
          params: { query: { kind: 'reply', handled: 'false', limit: 5 } },
          signal,
        }),
      ),
  });
  return (
    <Stack component="section" aria-labelledby="senaste-svar" gap="xs">
      <Title order={2} size="h3" id="senaste-svar">
        {t('overview.replies.title')}
      </Title>
      {replies.isPending && <Skeleton height={60} />}
      {replies.isError && (
        <Alert color="red" role="alert">
          {errorMessage(replies.error)}
        </Alert>
      )}
      {replies.isSuccess && replies.data.items.length === 0 && (
        <Text c="dimmed">{t('overview.replies.none')}</Text>
      )}
      {replies.isSuccess && replies.data.items.length > 0 && (
        <Stack component="ul" gap={4} className="plain-list">
          {replies.data.items.map((r) => (
            <li key={r.id}>
              <Anchor component={Link} to={`/svar/${r.id}`}>
                {r.subject || t('overview.replies.noSubject')}
              </Anchor>{' '}
              <Text span size="sm" c="dimmed">
                {t('overview.replies.from', {
                  who: r.contactName ?? r.fromName ?? r.fromAddress ?? '',
                  at: formatDateTime(r.receivedAt, i18n.language),
                })}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      <Anchor component={Link} to="/svar" size="sm">
        {t('overview.replies.all')}
      </Anchor>
    </Stack>
  );
}
