import { Alert, Group, Select, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../lib/format';
import { Pager, useCursorPages } from '../../lib/paging';
import { fullName } from '../../lib/vocabulary';

type ResponseState = Schemas['MeetingResponseRowDto']['state'];
export const RESPONSE_STATES: readonly ResponseState[] = [
  'invited',
  'yes',
  'maybe',
  'no',
  'waitlisted',
  'cancelled',
  'attended',
  'no_show',
];
const PAGE_SIZE = 50;

/** The meeting's answers (GET /api/meetings/:id/responses?state=), with diets and accessibility needs. */
export function Responses({ meetingId }: { meetingId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<ResponseState | null>(null);
  const pages = useCursorPages(state ?? '');
  const responses = useQuery({
    queryKey: ['meeting-responses', meetingId, state, pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/meetings/{id}/responses', {
          params: {
            path: { id: meetingId },
            query: { state: state ?? undefined, limit: PAGE_SIZE, cursor: pages.cursor },
          },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = responses.data?.items ?? [];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4">
          {t('meetings.responses.title')}
        </Title>
        <Select
          label={t('meetings.responses.filter')}
          placeholder={t('meetings.any')}
          data={RESPONSE_STATES.map((s) => ({ value: s, label: t(`meetings.state.${s}`) }))}
          value={state}
          onChange={(v) => setState(v as ResponseState | null)}
          clearable
          w={220}
        />
      </Group>
      {responses.isError && (
        <Alert color="red" role="alert">
          {errorMessage(responses.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={900}>
        <Table striped aria-busy={responses.isFetching} aria-label={t('meetings.responses.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('meetings.responses.name')}</Table.Th>
              <Table.Th>{t('meetings.responses.organization')}</Table.Th>
              <Table.Th>{t('meetings.responses.state')}</Table.Th>
              <Table.Th>{t('meetings.responses.diet')}</Table.Th>
              <Table.Th>{t('meetings.responses.accessibility')}</Table.Th>
              <Table.Th>{t('meetings.responses.comment')}</Table.Th>
              <Table.Th>{t('meetings.responses.answeredAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {responses.isPending && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Skeleton height={18} />
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((r) => (
              <Table.Tr key={r.contactId}>
                <Table.Td>
                  {fullName({ firstName: r.firstName ?? '', lastName: r.lastName ?? '' }) || r.email}
                  {r.walkIn && (
                    <Text size="xs" c="dimmed">
                      {t('meetings.responses.walkIn')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{r.organizationName}</Table.Td>
                <Table.Td>{t(`meetings.state.${r.state}`)}</Table.Td>
                <Table.Td>{r.diet}</Table.Td>
                <Table.Td>{r.accessibility}</Table.Td>
                <Table.Td>
                  {r.comment}
                  {r.companions.length > 0 && (
                    <Text size="xs">
                      {t('meetings.responses.companions', { names: r.companions.join(', ') })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(r.answeredAt, i18n.language)}</Table.Td>
              </Table.Tr>
            ))}
            {responses.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text c="dimmed">{t('meetings.responses.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {responses.data && (
        <Pager
          page={pages.page}
          nextCursor={responses.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={responses.data.total}
          totalIsEstimate={responses.data.totalIsEstimate}
        />
      )}
    </Stack>
  );
}
