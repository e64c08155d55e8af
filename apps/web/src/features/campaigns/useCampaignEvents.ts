import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Schemas } from '../../api/client';

type CampaignProgress = Schemas['CampaignProgressDto'];

export type EventsConnection = 'live' | 'reconnecting';

/**
 * A campaign's progress as it happens: GET /api/campaigns/:id/events (server-sent events, the counts every
 * second) while `enabled`. When the status changes the campaign's queries are asked again (its pause reason, its
 * times); the stream ends when the campaign does (EventSource would otherwise reconnect for ever). Without
 * EventSource (an old browser, tests) `progress` stays null and pages show what the API last answered.
 */
export function useCampaignEvents(
  campaignId: string,
  enabled = true,
): { progress: CampaignProgress | null; connection: EventsConnection } {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<CampaignProgress | null>(null);
  const [connection, setConnection] = useState<EventsConnection>('live');

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/campaigns/${campaignId}/events`);
    let status: string | null = null;
    source.addEventListener('progress', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as CampaignProgress;
      setProgress(data);
      setConnection('live');
      if (status !== null && status !== data.status) {
        void queryClient.invalidateQueries({ queryKey: ['campaign', campaignId] });
        void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      }
      status = data.status;
      if (data.status === 'sent' || data.status === 'cancelled') {
        source.close();
        void queryClient.invalidateQueries({ queryKey: ['campaign', campaignId] });
        void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      }
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) return;
      setConnection('reconnecting');
    };
    return () => source.close();
  }, [campaignId, enabled, queryClient]);

  return { progress, connection };
}
