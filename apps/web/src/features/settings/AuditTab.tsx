import {
  Alert,
  Button,
  Code,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { DayInput } from '../../lib/DayInput';
import { formatDateTime } from '../../lib/format';
import { Pager, useCursorPages } from '../../lib/paging';

type Entry = Schemas['AuditEntryDto'];

const PAGE_SIZE = 50;

/** The events the API writes to the log (libs/* audit.record), for the filter and for their names. */
export const AUDIT_ACTIONS = [
  'auth.login.succeeded',
  'auth.login.failed',
  'auth.logout',
  'user.created',
  'user.updated',
  'user.deactivated',
  'contact.exported',
  'contact.deleted',
  'contact.erased',
  'contact.suppressed',
  'contact.suppression_lifted',
  'contact.unsubscribed',
  'organization.kind_changed',
  'import.completed',
  'import.failed',
  'export.contacts',
  'export.contacts.failed',
  'export.campaign_recipients',
  'export.campaign_recipients.failed',
  'export.meeting_report',
  'export.round_report',
  'export.send_report',
  'template.created',
  'template.updated',
  'template.archived',
  'campaign.created',
  'campaign.updated',
  'campaign.deleted',
  'campaign.test_sent',
  'campaign.started',
  'campaign.paused',
  'campaign.resumed',
  'campaign.reopened',
  'campaign.cancelled',
  'campaign.finished',
  'mailing.uncertain_resolved',
  'round.created',
  'round.updated',
  'round.deleted',
  'round.region_status_changed',
  'round.host_answered',
  'outreach.created',
  'outreach.updated',
  'outreach.started',
  'outreach.paused',
  'outreach.resumed',
  'outreach.reopened',
  'outreach.cancelled',
  'outreach.finished',
  'outreach.reminder_started',
  'outreach.reminder_skipped',
  'meeting.created',
  'meeting.updated',
  'meeting.cancelled',
  'meeting.deleted',
  'meeting.representative_added',
  'meeting.representative_removed',
  'meeting.representatives_set',
  'meeting.response_set',
  'meeting.check_in',
  'meeting.walk_in',
  'queue_dashboard.action',
] as const;

/** What an entry can be about (its targetType). */
export const AUDIT_TARGETS = [
  'user',
  'contact',
  'contacts',
  'organization',
  'import',
  'template',
  'campaign',
  'mailing',
  'round',
  'meeting',
  'outreach_send',
  'queue',
] as const;

/** i18next reads dots as nesting: "export.contacts.failed" is looked up as "export_contacts_failed". */
const actionKey = (action: string) => `settings.audit.actions.${action.replace(/\./g, '_')}`;

/**
 * A small, readable summary of an entry's details: `role: viewer → editor`, `email: anna@…`; nested values as
 * short JSON. Nothing is hidden from an administrator, but nothing needs reading JSON either.
 */
export function detailsText(details: Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const o = value as Record<string, unknown>;
      if ('from' in o && 'to' in o && Object.keys(o).length === 2) {
        parts.push(`${prefix}: ${String(o.from)} → ${String(o.to)}`);
        return;
      }
      for (const [k, v] of Object.entries(o)) walk(prefix ? `${prefix}.${k}` : k, v);
      return;
    }
    parts.push(`${prefix}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  };
  walk('', details);
  return parts.join('; ');
}

/** Granskningslogg: the audit log, newest first, paged by the API, with the filters it takes. */
export function AuditTab() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [action, setAction] = useState<string | null>(null);
  const [actor, setActor] = useState<string | null>(null);
  const [targetType, setTargetType] = useState<string | null>(null);
  const [targetIdInput, setTargetIdInput] = useState('');
  const [targetId] = useDebouncedValue(targetIdInput.trim(), 300);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  const filter = {
    action: action ?? undefined,
    actorUserId: actor ?? undefined,
    targetType: targetType ?? undefined,
    targetId: targetId || undefined,
    from: from || undefined,
    to: to || undefined,
  };
  const pages = useCursorPages(JSON.stringify(filter));
  const entries = useQuery({
    queryKey: ['audit', filter, pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/audit', {
          params: { query: { ...filter, limit: PAGE_SIZE, cursor: pages.cursor } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const users = useQuery({
    queryKey: ['users', 'all'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/users', { params: { query: { limit: 500 } }, signal })),
  });

  const error = entries.error instanceof ApiError ? entries.error : null;
  const FILTER_FIELDS = ['action', 'actorUserId', 'targetType', 'targetId', 'from', 'to'];
  const formLevel =
    entries.isError && !FILTER_FIELDS.some((f) => error?.field(f)) ? errorMessage(entries.error) : null;
  const rows = entries.isError ? [] : (entries.data?.items ?? []);

  const groups = new Map<string, string[]>();
  for (const a of AUDIT_ACTIONS) {
    const group = a.split('.')[0];
    groups.set(group, [...(groups.get(group) ?? []), a]);
  }
  const actionOptions = [...groups].map(([group, actions]) => ({
    group: t(`settings.audit.groups.${group}`),
    items: [
      {
        value: `${group}.`,
        label: t('settings.audit.allIn', { group: t(`settings.audit.groups.${group}`) }),
      },
      ...actions.map((a) => ({ value: a, label: t(actionKey(a)) })),
    ],
  }));

  const clear = () => {
    setAction(null);
    setActor(null);
    setTargetType(null);
    setTargetIdInput('');
    setFrom('');
    setTo('');
  };

  return (
    <Stack>
      <Paper withBorder p="sm" role="search" aria-label={t('settings.audit.filters')}>
        <Group align="flex-start" gap="sm">
          <Select
            label={t('settings.audit.action')}
            placeholder={t('settings.audit.any')}
            data={actionOptions}
            value={action}
            onChange={setAction}
            searchable
            clearable
            error={error?.field('action')}
            w={{ base: '100%', sm: 260 }}
          />
          <Select
            label={t('settings.audit.actor')}
            placeholder={t('settings.audit.anyone')}
            data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
            value={actor}
            onChange={setActor}
            searchable
            clearable
            error={error?.field('actorUserId')}
            w={{ base: '100%', sm: 260 }}
          />
          <Select
            label={t('settings.audit.target')}
            placeholder={t('settings.audit.any')}
            data={AUDIT_TARGETS.map((k) => ({ value: k, label: t(`settings.audit.targets.${k}`) }))}
            value={targetType}
            onChange={setTargetType}
            clearable
            error={error?.field('targetType')}
            w={{ base: '100%', sm: 200 }}
          />
          <TextInput
            label={t('settings.audit.targetId')}
            description={t('settings.audit.targetIdHint')}
            value={targetIdInput}
            onChange={(e) => setTargetIdInput(e.currentTarget.value)}
            error={error?.field('targetId')}
            w={{ base: '100%', sm: 220 }}
          />
          <DayInput
            label={t('settings.audit.from')}
            value={from}
            onChange={setFrom}
            error={error?.field('from')}
            w={{ base: 'calc(50% - 6px)', sm: 170 }}
          />
          <DayInput
            label={t('settings.audit.to')}
            value={to}
            onChange={setTo}
            error={error?.field('to')}
            w={{ base: 'calc(50% - 6px)', sm: 170 }}
          />
          <Button variant="subtle" onClick={clear} mt={25}>
            {t('settings.audit.clear')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed" mt={4}>
          {t('settings.audit.daysHint')}
        </Text>
      </Paper>
      {formLevel && (
        <Alert color="red" role="alert">
          {formLevel}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={960}>
        <Table striped aria-label={t('settings.audit.table')} aria-busy={entries.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.audit.at')}</Table.Th>
              <Table.Th>{t('settings.audit.actor')}</Table.Th>
              <Table.Th>{t('settings.audit.action')}</Table.Th>
              <Table.Th>{t('settings.audit.target')}</Table.Th>
              <Table.Th>{t('settings.audit.details')}</Table.Th>
              <Table.Th>{t('settings.audit.ip')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.isPending && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Skeleton height={18} />
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((entry) => (
              <AuditRow key={entry.id} entry={entry} language={i18n.language} />
            ))}
            {entries.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text c="dimmed">{t('settings.audit.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {entries.data && !entries.isError && (
        <Pager
          page={pages.page}
          nextCursor={entries.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={entries.data.total}
          totalIsEstimate={entries.data.totalIsEstimate}
        />
      )}
    </Stack>
  );
}

function AuditRow({ entry, language }: { entry: Entry; language: string }) {
  const { t } = useTranslation();
  const details = detailsText(entry.details);
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at, language)}</Table.Td>
      <Table.Td>{entry.actorEmail ?? t('settings.audit.system')}</Table.Td>
      <Table.Td>
        {t(actionKey(entry.action), { defaultValue: entry.action })}
        <Text size="xs" c="dimmed">
          {entry.action}
        </Text>
      </Table.Td>
      <Table.Td>
        {entry.targetType &&
          t(`settings.audit.targets.${entry.targetType}`, { defaultValue: entry.targetType })}
        {entry.targetId && (
          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
            {entry.targetId}
          </Text>
        )}
      </Table.Td>
      <Table.Td maw={360}>
        {details && (
          <Code block={false} style={{ whiteSpace: 'normal', wordBreak: 'break-word' }}>
            {details}
          </Code>
        )}
      </Table.Td>
      <Table.Td>{entry.ip ?? ''}</Table.Td>
    </Table.Tr>
  );
}
