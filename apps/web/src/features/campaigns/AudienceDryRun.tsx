import { Alert, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatNumber } from '../../lib/format';
import { EXCLUSION_REASONS, type AudiencePreview } from './wizard';

type AudienceBody = Schemas['AudiencePreviewRequestDto']['audience'];

/** How many names of those who get it are shown, and of each reason for not getting it. */
export const SAMPLE_SIZE = 10;
const NAMES_PER_REASON = 5;

/** The dry run of an audience not saved yet (POST /api/campaigns/audience-preview), asked again when it changes. */
export function useAudienceDryRun(audience: AudienceBody | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['audience-preview', audience],
    queryFn: ({ signal }) =>
      unwrap(
        api.POST('/api/campaigns/audience-preview', {
          body: { audience: audience!, limit: SAMPLE_SIZE },
          signal,
        }),
      ),
    enabled: audience !== null,
    staleTime: 0,
  });
}

/** The dry run of a saved campaign (GET /api/campaigns/:id/audience-preview). */
export function useCampaignDryRun(campaignId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['campaign', campaignId, 'audience-preview'],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/campaigns/{id}/audience-preview', {
          params: { path: { id: campaignId }, query: { limit: SAMPLE_SIZE } },
          signal,
        }),
      ),
    enabled,
    staleTime: 0,
  });
}

/**
 * Who would get the campaign if it started now, and who would not and why (no address, unsubscribed, bounced,
 * reported as spam, blocked, the same address as another recipient): counts and some names of each.
 */
export function AudienceDryRun({
  preview,
  isPending,
  error,
}: {
  preview: AudiencePreview | undefined;
  isPending: boolean;
  error: unknown;
}) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  if (error)
    return (
      <Alert color="red" role="alert">
        {errorMessage(error)}
      </Alert>
    );
  if (isPending || !preview) return <Skeleton height={120} />;
  const included = preview.included;
  const excludedTotal = preview.excluded.length;
  const more = included.count - included.contacts.length;

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} aria-live="polite">
      <Paper withBorder p="md">
        <Stack gap="xs" component="section" aria-labelledby="far-utskicket">
          <Title order={3} size="h5" id="far-utskicket">
            {t('campaigns.dryRun.included', { count: included.count, n: n(included.count) })}
          </Title>
          {included.count === 0 ? (
            <Text size="sm" c="red.8">
              {t('campaigns.dryRun.nobody')}
            </Text>
          ) : (
            <Text size="sm">
              {included.contacts.map((c) => c.name || c.email).join(', ')}
              {more > 0 && ` ${t('campaigns.dryRun.andMore', { n: n(more) })}`}
            </Text>
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="xs" component="section" aria-labelledby="far-inte-utskicket">
          <Title order={3} size="h5" id="far-inte-utskicket">
            {t('campaigns.dryRun.excluded', { count: excludedTotal, n: n(excludedTotal) })}
          </Title>
          {excludedTotal === 0 && (
            <Text size="sm" c="dimmed">
              {t('campaigns.dryRun.noneExcluded')}
            </Text>
          )}
          {EXCLUSION_REASONS.filter((r) => preview.excludedCounts[r] > 0).map((reason) => {
            const people = preview.excluded.filter((x) => x.reason === reason);
            const rest = people.length - NAMES_PER_REASON;
            return (
              <div key={reason}>
                <Text size="sm" fw={600}>
                  {t(`campaigns.exclusion.${reason}`)}: {n(preview.excludedCounts[reason])}
                </Text>
                <Text size="sm">
                  {people
                    .slice(0, NAMES_PER_REASON)
                    .map((x) => (x.email ? `${x.name} (${x.email})` : x.name))
                    .join(', ')}
                  {rest > 0 && ` ${t('campaigns.dryRun.andMore', { n: n(rest) })}`}
                </Text>
              </div>
            );
          })}
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
