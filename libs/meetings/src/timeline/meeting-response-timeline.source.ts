import { Injectable } from '@nestjs/common';
import { ATTENDANCES, RESPONSE_STATE_LABELS, ResponseState } from '../responses/meeting-response.entity';
import { ContactResponseEvent, MeetingResponsesRepository } from '../responses/meeting-responses.repository';
import { presentDetails, SourcedItem, TimelineKind, TimelineSeek, TimelineSource } from './timeline-source';

const isAttendance = (state: ResponseState | null): boolean =>
  state !== null && (ATTENDANCES as readonly string[]).includes(state);

/** "Svar: Dialogmöte Dalarna – kommer", "Närvaro: Dialogmöte Dalarna – närvarade", "Inbjuden: …". */
function titleOf(e: ContactResponseEvent, kind: TimelineKind): string {
  const state = RESPONSE_STATE_LABELS[e.toState]?.toLowerCase() ?? e.toState;
  if (kind === 'attendance') {
    return isAttendance(e.toState)
      ? `Närvaro: ${e.meetingTitle} – ${state}`
      : `Närvaro: ${e.meetingTitle} – borttagen (${state})`;
  }
  if (e.toState === 'invited') return `Inbjuden: ${e.meetingTitle}`;
  return `Svar: ${e.meetingTitle} – ${state}`;
}

/**
 * Every change of the person's answer or attendance at a meeting (the response history, never rewritten):
 * invited, answers, waitlist, check-in. An attendance taken back counts as attendance too.
 */
@Injectable()
export class MeetingResponseTimelineSource implements TimelineSource {
  readonly name = 'meeting_responses';

  constructor(private readonly responses: MeetingResponsesRepository) {}

  async page(contactId: string, before: TimelineSeek | null, limit: number): Promise<SourcedItem[]> {
    const events = await this.responses.eventsOfContact(contactId, before, limit);
    return events.map((e) => {
      const kind: TimelineKind =
        isAttendance(e.toState) || isAttendance(e.fromState) ? 'attendance' : 'meeting_answer';
      return {
        key: e.key,
        at: e.at,
        kind,
        title: titleOf(e, kind),
        details: presentDetails({
          meetingId: e.meetingId,
          meetingTitle: e.meetingTitle,
          meetingStartsAt: e.meetingStartsAt,
          responseState: e.toState,
          previousResponseState: e.fromState,
          responseCause: e.cause,
          note: e.note,
        }),
      };
    });
  }

  count(contactId: string): Promise<number> {
    return this.responses.countEventsOfContact(contactId);
  }
}
