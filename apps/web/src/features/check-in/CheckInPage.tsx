import {
  Anchor,
  Badge,
  Button,
  CloseButton,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../lib/format';
import { fullName } from '../../lib/vocabulary';
import { useSession } from '../auth/session';
import { matchesSearch } from './fold';
import type { QueueOptions, QueueState } from './queue';
import type { CheckInRow } from './rows';
import type { CheckInStore } from './storage';
import { useCheckIn, useOnline } from './useCheckIn';
import { Banner } from './Banner';
import { WalkInForm } from './WalkInForm';
import './check-in.css';

/**
 * Incheckning at the door, on a phone: search the expected list by name or e-mail, check people in (or mark
 * them absent) with large buttons, add walk-ins. Works offline once opened online: the list is kept on the
 * phone and every tap waits in an outbox until the API has answered for it (see queue.ts).
 */
export function CheckInPage({ queueOptions }: { queueOptions?: QueueOptions & { store?: CheckInStore } }) {
  const { meetingId = '' } = useParams();
  return <CheckInScreen key={meetingId} meetingId={meetingId} queueOptions={queueOptions} />;
}

function CheckInScreen({
  meetingId,
  queueOptions,
}: {
  meetingId: string;
  queueOptions?: QueueOptions & { store?: CheckInStore };
}) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const online = useOnline();
  const { list, queue, queueState, rows, snapshot } = useCheckIn(meetingId, queueOptions);
  const [search, setSearch] = useState('');
  const [walkInOpen, setWalkInOpen] = useState(false);
  const [walkInPrefill, setWalkInPrefill] = useState('');
  const walkInButton = useRef<HTMLButtonElement>(null);
  const canCheckIn = session.data?.role !== 'viewer';

  const shown = useMemo(() => rows.filter((r) => matchesSearch(r, search)), [rows, search]);
  const attended = rows.filter((r) => r.attendance === 'attended').length;

  const openWalkIn = (prefill = '') => {
    setWalkInPrefill(prefill);
    setWalkInOpen(true);
  };

  return (
    <Stack gap="sm" maw={720} mx="auto" className="check-in">
      <Anchor component={Link} to="/incheckning" size="sm" className="check-in-back">
        ← {t('checkIn.back')}
      </Anchor>
      {snapshot?.meeting ? (
        <div>
          <Title order={1} size="h2">
            {snapshot.meeting.title}
          </Title>
          <Text c="dimmed">
            {[snapshot.meeting.timeText, snapshot.meeting.place].filter(Boolean).join(' · ')}
          </Text>
        </div>
      ) : (
        <Title order={1} size="h2">
          {t('checkIn.title')}
        </Title>
      )}

      <SyncStatus
        online={online}
        state={queueState}
        onSendNow={() => void queue.sync()}
        language={i18n.language}
      />

      {queueState.rejected.length > 0 && (
        <Banner tone="error" alert title={t('checkIn.rejectedTitle')}>
          <Stack gap="xs">
            {queueState.rejected.map((r) => (
              <Group key={r.op.clientId} justify="space-between" wrap="nowrap" align="flex-start">
                <Text size="sm">
                  {t('checkIn.rejectedItem', { name: fullName(r.op.person), message: r.message })}
                </Text>
                <CloseButton
                  size="xl"
                  aria-label={t('checkIn.dismiss')}
                  onClick={() => queue.dismissRejected(r.op.clientId)}
                />
              </Group>
            ))}
          </Stack>
        </Banner>
      )}

      {!canCheckIn && session.data && <Banner tone="info">{t('checkIn.viewerOnly')}</Banner>}

      {snapshot && (
        <Text size="sm" c="dimmed">
          {t('checkIn.listFetched', { when: formatDateTime(snapshot.fetchedAt, i18n.language) })}
          {list.isError ? ` ${t('checkIn.listOld')}` : ''}
        </Text>
      )}
      {!snapshot && list.isPending && list.fetchStatus !== 'paused' && <Skeleton height={200} />}
      {!snapshot && (list.isError || list.fetchStatus === 'paused') && (
        <Banner tone="error" alert>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {list.isError ? `${errorMessage(list.error)} ` : ''}
              {t('checkIn.listNotFetched')}
            </Text>
            <Button onClick={() => void list.refetch()}>{t('checkIn.tryAgain')}</Button>
          </Stack>
        </Banner>
      )}

      {snapshot && (
        <>
          <TextInput
            type="search"
            size="xl"
            label={t('checkIn.search')}
            placeholder={t('checkIn.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            autoComplete="off"
            enterKeyHint="search"
          />
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text fw={600} aria-live="polite">
              {t('checkIn.counts', { attended, total: rows.length })}
            </Text>
            {canCheckIn && !walkInOpen && (
              <Button ref={walkInButton} variant="light" size="lg" onClick={() => openWalkIn(search)}>
                {t('checkIn.walkIn.open')}
              </Button>
            )}
          </Group>

          {walkInOpen && canCheckIn && (
            <WalkInForm
              meetingId={meetingId}
              prefill={walkInPrefill}
              online={online}
              rows={rows}
              onCheckIn={(row) => {
                if (row.contactId && row.attendance !== 'attended')
                  queue.checkIn(row.contactId, 'attended', personOf(row));
              }}
              onWalkIn={(body, person) => queue.walkIn(body, person)}
              onClose={() => {
                setWalkInOpen(false);
                // Back to the button that opened the form, once it is shown again.
                setTimeout(() => walkInButton.current?.focus(), 0);
              }}
            />
          )}

          <ul className="check-in-list" aria-label={t('checkIn.listLabel')}>
            {shown.map((row) => (
              <PersonRow
                key={row.key}
                row={row}
                canCheckIn={canCheckIn}
                onAttendance={(attendance) => {
                  if (row.contactId && row.attendance !== attendance)
                    queue.checkIn(row.contactId, attendance, personOf(row));
                }}
              />
            ))}
          </ul>
          {rows.length === 0 && <Text c="dimmed">{t('checkIn.emptyList')}</Text>}
          {rows.length > 0 && shown.length === 0 && (
            <Stack gap="xs" align="flex-start">
              <Text>{t('checkIn.noMatches', { q: search.trim() })}</Text>
              {canCheckIn && (
                <Button size="lg" variant="light" onClick={() => openWalkIn(search)}>
                  {t('checkIn.walkIn.fromSearch', { q: search.trim() })}
                </Button>
              )}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}

function personOf(row: CheckInRow) {
  return {
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    organizationName: row.organizationName,
  };
}

/** The banner: offline, or the server not answering, or the session gone; and what is still to be sent. */
function SyncStatus({
  online,
  state,
  onSendNow,
  language,
}: {
  online: boolean;
  state: QueueState;
  onSendNow: () => void;
  language: string;
}) {
  const { t } = useTranslation();
  const count = state.pending.length;
  const problem = !online ? 'offline' : state.problem === 'offline' ? null : state.problem;
  const retryIn = retryText(state.retryAt, language);
  return (
    <Stack gap="xs">
      {problem === 'offline' && <Banner tone="offline">{t('checkIn.offline')}</Banner>}
      {problem === 'unreachable' && (
        <Banner tone="warn">
          {retryIn ? t('checkIn.unreachable', { when: retryIn }) : t('checkIn.unreachableSoon')}
        </Banner>
      )}
      {problem === 'session' && (
        <Banner tone="error" alert>
          {t('checkIn.session')}
        </Banner>
      )}
      {problem === 'forbidden' && (
        <Banner tone="error" alert>
          {t('checkIn.forbidden')}
        </Banner>
      )}
      {state.storageFailed && (
        <Banner tone="error" alert>
          {t('checkIn.storageFailed')}
        </Banner>
      )}
      <Paper withBorder p="xs" className={count > 0 ? 'check-in-pending' : undefined}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={600} role="status" aria-live="polite" data-testid="pending-status">
            {count > 0 ? t('checkIn.pending', { count }) : t('checkIn.allSent')}
            {count > 0 && state.syncing ? ` ${t('checkIn.sending')}` : ''}
          </Text>
          {count > 0 && online && !state.syncing && (
            <Button size="lg" variant="default" onClick={onSendNow} style={{ flexShrink: 0 }}>
              {t('checkIn.sendNow')}
            </Button>
          )}
        </Group>
      </Paper>
    </Stack>
  );
}

/** "kl. 18.04" for the next attempt after a failure, or null. */
function retryText(retryAt: number | null, language: string): string | null {
  if (retryAt === null) return null;
  return formatDateTime(new Date(retryAt), language).slice(11);
}

function PersonRow({
  row,
  canCheckIn,
  onAttendance,
}: {
  row: CheckInRow;
  canCheckIn: boolean;
  onAttendance: (attendance: 'attended' | 'no_show') => void;
}) {
  const { t } = useTranslation();
  const name = fullName(row);
  const nameId = `person-${row.key}`;
  const actionable = canCheckIn && row.contactId !== null;
  return (
    <li
      className="check-in-row"
      data-attendance={row.attendance ?? 'none'}
      data-pending={row.pending ? 'true' : 'false'}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <div>
          <Text fw={700} size="lg" id={nameId}>
            {name}
          </Text>
          {(row.organizationName || row.email) && (
            <Text size="sm" c="dimmed">
              {[row.organizationName, row.email].filter(Boolean).join(' · ')}
            </Text>
          )}
        </div>
        <Group gap={4} justify="flex-end">
          {row.attendance === 'attended' && (
            <Badge color="#1f6f33" size="lg">
              ✓ {t('checkIn.checkedIn')}
            </Badge>
          )}
          {row.attendance === 'no_show' && (
            <Badge color="dark" size="lg">
              {t('checkIn.markedNoShow')}
            </Badge>
          )}
          {row.pending && (
            <Badge color="#9c3d00" size="lg">
              {t('checkIn.notSent')}
            </Badge>
          )}
          {row.walkIn ? (
            <Badge variant="default">{t('checkIn.walkInBadge')}</Badge>
          ) : (
            row.answer &&
            row.answer !== 'yes' && <Badge variant="default">{t(`checkIn.answers.${row.answer}`)}</Badge>
          )}
        </Group>
      </Group>
      {actionable && (
        <Group gap="xs" mt="xs" grow>
          {row.attendance !== 'attended' && (
            <Button
              size="lg"
              onClick={() => onAttendance('attended')}
              aria-label={t('checkIn.checkInPerson', { name })}
            >
              {t('checkIn.checkIn')}
            </Button>
          )}
          {row.attendance !== 'no_show' && (
            <Button
              size="lg"
              variant="default"
              onClick={() => onAttendance('no_show')}
              aria-label={t('checkIn.noShowPerson', { name })}
            >
              {t('checkIn.noShow')}
            </Button>
          )}
        </Group>
      )}
    </li>
  );
}
