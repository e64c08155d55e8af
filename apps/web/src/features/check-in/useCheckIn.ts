import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { unwrap, type ApiClient } from '../../api/client';
import { useApi } from '../../api/context';
import { CheckInQueue, type CheckInTransport, type QueueOptions } from './queue';
import { applyAnswer, buildRows, type Confirmed } from './rows';
import { localCheckInStore, type CheckInStore, type MeetingSnapshot } from './storage';

/** A request that hangs on a bad connection is given up after this long (and sent again later). */
const SEND_TIMEOUT_MS = 20_000;

function timeout(ms: number): AbortSignal | undefined {
  return typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function'
    ? AbortSignal.timeout(ms)
    : undefined;
}

export function apiTransport(api: ApiClient): CheckInTransport {
  return {
    batch: async (meetingId, items) =>
      (
        await unwrap(
          api.POST('/api/meetings/{id}/check-ins/batch', {
            params: { path: { id: meetingId } },
            body: { items },
            signal: timeout(SEND_TIMEOUT_MS),
          }),
        )
      ).items,
    walkIn: (meetingId, body) =>
      unwrap(
        api.POST('/api/meetings/{id}/walk-ins', {
          params: { path: { id: meetingId } },
          body,
          signal: timeout(SEND_TIMEOUT_MS),
        }),
      ),
  };
}

export const checkInKey = (meetingId: string) => ['checkIn', meetingId] as const;

/** Whether the browser says it is online, kept current by its online and offline events. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (notify) => {
      window.addEventListener('online', notify);
      window.addEventListener('offline', notify);
      return () => {
        window.removeEventListener('online', notify);
        window.removeEventListener('offline', notify);
      };
    },
    () => navigator.onLine !== false,
  );
}

/**
 * A meeting's evening on this phone: the expected list (fetched when online, kept on the phone with when it was
 * fetched, shown from there at once and when offline), the outbox of taps, and the rows with both together.
 */
export function useCheckIn(meetingId: string, options: QueueOptions & { store?: CheckInStore } = {}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [store] = useState(() => options.store ?? localCheckInStore());
  const [stored] = useState(() => store.loadSnapshot(meetingId));
  const [queue] = useState(() => new CheckInQueue(meetingId, store, apiTransport(api), options));
  const queueState = useSyncExternalStore(queue.subscribe, queue.getState);
  const [confirmed, setConfirmed] = useState<Confirmed[]>([]);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const list = useQuery({
    queryKey: checkInKey(meetingId),
    queryFn: async ({ signal }): Promise<MeetingSnapshot> => {
      // The time the fetch began: an answer that arrives after it is shown over what this fetch returns.
      const fetchedAt = new Date().toISOString();
      const path = { path: { id: meetingId } };
      const [meeting, attendance] = await Promise.all([
        unwrap(api.GET('/api/meetings/{id}', { params: path, signal })),
        unwrap(api.GET('/api/meetings/{id}/attendance', { params: path, signal })),
      ]);
      const snapshot: MeetingSnapshot = {
        meeting: {
          id: meeting.id,
          title: meeting.title,
          startsAt: meeting.startsAt,
          timeText: `${meeting.startsAtText}`,
          place: [meeting.venue, meeting.city].filter(Boolean).join(', '),
        },
        items: attendance.items,
        fetchedAt,
      };
      store.saveSnapshot(meetingId, snapshot);
      return snapshot;
    },
    initialData: stored ?? undefined,
    initialDataUpdatedAt: stored ? Date.parse(stored.fetchedAt) : undefined,
    staleTime: 15_000,
    // Other phones at the same door check people in too.
    refetchInterval: 60_000,
  });

  useEffect(() => {
    const off = queue.onAnswer((op, answer) => {
      setConfirmed((current) => [...current, { op, answer, at: Date.now() }]);
      // Kept on the phone too, so the list shown after a reload has it.
      const snapshot = store.loadSnapshot(meetingId);
      if (snapshot)
        store.saveSnapshot(meetingId, { ...snapshot, items: applyAnswer(snapshot.items, op, answer) });
      if (refetchTimer.current !== null) clearTimeout(refetchTimer.current);
      refetchTimer.current = setTimeout(() => {
        refetchTimer.current = null;
        void queryClient.invalidateQueries({ queryKey: checkInKey(meetingId) });
      }, 1000);
    });
    queue.start();
    return () => {
      off();
      queue.stop();
      if (refetchTimer.current !== null) clearTimeout(refetchTimer.current);
    };
  }, [queue, store, meetingId, queryClient]);

  const rows = useMemo(
    () => buildRows(list.data, confirmed, queueState.pending),
    [list.data, confirmed, queueState.pending],
  );

  return { list, queue, queueState, rows, snapshot: list.data };
}
