import { Alert, Anchor, Button, Paper, Skeleton, Stack, Text, Timeline, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../lib/format';

const PAGE_SIZE = 25;

/** Everything that happened with the person, newest first, a page at a time (GET /api/contacts/:id/timeline). */
export function ContactTimeline({ contactId }: { contactId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const timeline = useInfiniteQuery({
    queryKey: ['contact-timeline', contactId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/contacts/{id}/timeline', {
          params: { path: { id: contactId }, query: { limit: PAGE_SIZE, cursor: pageParam } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="tidslinje">
      <Stack>
        <Title order={2} size="h4" id="tidslinje">
          {t('contact.timeline')}
        </Title>
        {timeline.isPending && <Skeleton height={80} />}
        {timeline.isError && (
          <Alert color="red" role="alert">
            {errorMessage(timeline.error)}
          </Alert>
        )}
        {timeline.isSuccess && items.length === 0 && <Text c="dimmed">{t('contact.timelineEmpty')}</Text>}
        {items.length > 0 && (
          <Timeline bulletSize={14} lineWidth={2}>
            {items.map((item) => (
              <Timeline.Item key={item.id} title={item.title}>
                <Text size="xs" c="dimmed">
                  <time dateTime={item.at}>{formatDateTime(item.at, i18n.language)}</time>
                </Text>
                {item.details.replyId && (
                  <Anchor component={Link} to={`/svar/${item.details.replyId}`} size="xs">
                    {t('replies.open')}
                  </Anchor>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
        {timeline.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void timeline.fetchNextPage()}
            loading={timeline.isFetchingNextPage}
          >
            {t('contact.loadMore')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
