import { AuditActor, AuditService } from '@app/audit';
import { AppErrorCode, AppException, Clock, InFlightBatcher, Page } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MeetingMessages, MessageTo, QueuedMessage } from '../messages/meeting-messages.service';
import type { Meeting } from '../meetings/meeting.entity';
import { MeetingsRepository } from '../meetings/meetings.repository';
import { AnswerOutcome, answerOutcome, staffOutcome } from './answer-rules';
import {
  MeetingResponse,
  ResponseCause,
  ResponseState,
  RsvpAnswer,
  RsvpChoice,
} from './meeting-response.entity';
import {
  AnswerDetails,
  answerKey,
  answerPageParts,
  AnswerPageParts,
  LinkAnswerWrite,
  MeetingResponsesRepository,
  ResponseListQuery,
  ResponseRow,
  stateOf,
} from './meeting-responses.repository';

/** Why an answer given through the link is not taken. */
export type AnswerClosedReason = 'cancelled' | 'held' | 'deadline_passed' | 'started';

/** What became of an answer: the person's state, and their place in the queue when waiting. */
export interface AnswerResult {
  state: ResponseState;
  answer: RsvpAnswer | null;
  waitlistPosition: number | null;
  /** Moved up from the waiting list because this change freed places. */
  promoted: string[];
}

/**
 * An answer through the link, with the details the row holds after it and what the answer page showed before
 * it (read under the lock), for the receipt page.
 */
export interface LinkAnswerResult extends AnswerResult {
  details: AnswerDetails;
  before: LinkAnswerPage;
}

/** The answer page's data as a batch of answers reads it (the place on the waiting list is the result's). */
export type LinkAnswerPage = AnswerPageParts;

/** One answer through the link, waiting for its batch. */
interface LinkAnswerRequest {
  meetingId: string;
  contactId: string;
  choice: RsvpChoice;
  details: AnswerDetails;
}

/** The most answers one transaction takes. */
const LINK_ANSWER_BATCH = 100;

/** Whether a meeting takes answers through the link now, and if not, why. */
export function answersClosed(
  meeting: Pick<Meeting, 'status' | 'rsvpDeadline' | 'startsAt'>,
  now: Date,
): AnswerClosedReason | null {
  if (meeting.status === 'cancelled') return 'cancelled';
  if (meeting.status === 'held') return 'held';
  if (meeting.rsvpDeadline && now > meeting.rsvpDeadline) return 'deadline_passed';
  if (now >= meeting.startsAt) return 'started';
  return null;
}

const CLOSED_SV: Record<AnswerClosedReason, string> = {
  cancelled: 'Mötet är inställt',
  held: 'Mötet är redan genomfört',
  deadline_passed: 'Sista dag att svara har passerat',
  started: 'Mötet har redan börjat',
};

/**
 * Answers to a meeting, with its capacity and waiting list. Every answer takes the meeting's row lock first
 * (SELECT … FOR UPDATE), so concurrent answers count the places one at a time: with capacity 10, fifty yes at
 * once make exactly ten yes and forty waitlisted. A change that frees places moves the first on the waiting
 * list up in the same transaction. Every change writes a history row; staff changes are audited too. The
 * messages that follow (a confirmation after every yes, a waitlist notice) are written in the same
 * transaction through the engine's ledger, and queued after the commit.
 */
@Injectable()
export class MeetingResponsesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly meetings: MeetingsRepository,
    private readonly responses: MeetingResponsesRepository,
    private readonly messages: MeetingMessages,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private readonly linkAnswers = new InFlightBatcher<LinkAnswerRequest, LinkAnswerResult>(
    (batch) => this.answerBatch(batch),
    { maxBatch: LINK_ANSWER_BATCH, keyOf: (r) => answerKey(r.meetingId, r.contactId) },
  );

  /**
   * An answer from the RSVP page. Refused (409, nothing changed) when the meeting is cancelled or held, its
   * deadline has passed or it has begun; 404 when the person is not invited. Answers given at the same time go
   * together (see answerBatch): fifty people answering at once share a few transactions and commits.
   */
  answerFromLink(
    meetingId: string,
    contactId: string,
    choice: RsvpChoice,
    details: AnswerDetails,
  ): Promise<LinkAnswerResult> {
    return this.linkAnswers.submit({ meetingId, contactId, choice, details });
  }

  /**
   * A batch of answers through the link, in one transaction and in the order they came. The meetings are
   * locked first (so places are counted one answer at a time across batches and staff changes, and within the
   * batch in order), then the people's rows. Answers that touch nobody's place in the queue (the common case:
   * a first yes while there is room, no, maybe) are written together in one statement with their
   * confirmations in another; an answer that puts someone on the waiting list, or gives up a place that the
   * waiting list may take, is written on its own, as staff changes are. A refused answer is that request's
   * error and changes nothing.
   */
  private async answerBatch(requests: LinkAnswerRequest[]): Promise<(LinkAnswerResult | Error)[]> {
    const toEnqueue: (QueuedMessage | null)[] = [];
    const meetingIds = [...new Set(requests.map((r) => r.meetingId))];
    const answered = await this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      // One statement after the other (pg takes one at a time on a connection): the meetings locked before the
      // people's rows, as every answer and staff change does.
      const meetings = await this.meetings.lockAllForAnswers(m, meetingIds);
      const rows = await this.responses.lockForAnswers(m, requests);
      const limited = [...meetings.values()].some((mt) => mt.capacity !== null);
      const taken = limited ? await this.responses.placesTaken(m, meetingIds) : new Map<string, number>();
      const out: (LinkAnswerResult | Error)[] = [];
      let writes: LinkAnswerWrite[] = [];
      let confirm: MessageTo[] = [];
      let queued: (MessageTo & { index: number })[] = [];
      const flush = async (): Promise<void> => {
        await this.responses.writeLinkAnswers(m, writes, now);
        toEnqueue.push(...(await this.messages.confirmations(m, confirm)));
        if (queued.length > 0) {
          toEnqueue.push(...(await this.messages.waitlistNotices(m, queued)));
          const positions = await this.responses.waitlistPositions(m, queued);
          for (const q of queued) {
            const result = out[q.index] as LinkAnswerResult;
            result.waitlistPosition = positions.get(answerKey(q.meeting.id, q.contactId)) ?? null;
          }
        }
        writes = [];
        confirm = [];
        queued = [];
      };
      for (const request of requests) {
        const meeting = meetings.get(request.meetingId);
        if (!meeting) {
          out.push(AppException.notFound('Mötet', request.meetingId));
          continue;
        }
        const closed = answersClosed(meeting, now);
        if (closed) {
          out.push(AppException.conflict(CLOSED_SV[closed], { reason: closed }));
          continue;
        }
        const row = rows.get(answerKey(request.meetingId, request.contactId));
        if (!row) {
          out.push(notInvited(request.meetingId));
          continue;
        }
        const before = answerPageParts(meeting, row, true);
        const yes = taken.get(meeting.id) ?? 0;
        const outcome = answerOutcome(
          row.answer,
          request.choice,
          meeting.capacity === null || yes < meeting.capacity,
        );
        // Someone already waiting keeps their place (looked up on its own); a yes given up may move the queue.
        const keepsPlace = outcome.answer === 'waitlisted' && outcome.waitlist !== 'join';
        if (keepsPlace || (row.answer === 'yes' && outcome.answer !== 'yes')) {
          await flush();
          const result = await this.apply(m, meeting, row, outcome, {
            email: row.email,
            cause: 'link',
            actor: null,
            note: null,
            details: request.details,
            answeredAt: now,
            toEnqueue,
          });
          if (meeting.capacity !== null) taken.set(meeting.id, await this.responses.countYes(m, meeting.id));
          out.push({ ...result, before });
          continue;
        }
        const toState = stateOf({ answer: outcome.answer, attendance: row.attendance })!;
        writes.push({
          meetingId: meeting.id,
          contactId: row.contactId,
          answer: outcome.answer,
          details: request.details,
          fromState: stateOf(row),
          toState,
          joinsQueue: outcome.waitlist === 'join',
        });
        if (outcome.answer === 'yes' && row.answer !== 'yes') {
          taken.set(meeting.id, yes + 1);
          confirm.push({ meeting, contactId: row.contactId, email: row.email });
        }
        if (outcome.waitlist === 'join')
          queued.push({ index: out.length, meeting, contactId: row.contactId, email: row.email });
        out.push({
          state: toState,
          answer: outcome.answer,
          waitlistPosition: null,
          promoted: [],
          details: { ...request.details },
          before,
        });
      }
      await flush();
      return out;
    });
    // The messages are in the ledger with the answers; queueing them need not hold the people's pages (a queue
    // that does not answer is logged, and the maintenance job queues them).
    void this.messages.enqueue(toEnqueue);
    return answered;
  }

  /** An answer staff set by hand (PATCH …/responses/:contactId); someone not invited is added (invited=false). */
  async setByStaff(
    meetingId: string,
    contactId: string,
    input: { answer: RsvpAnswer; note?: string | null; overCapacity?: boolean },
    actor: AuditActor,
  ): Promise<AnswerResult> {
    const toEnqueue: (QueuedMessage | null)[] = [];
    const result = await this.dataSource.transaction(async (m) => {
      const meeting = await this.lockMeeting(m, meetingId);
      if (meeting.status === 'cancelled')
        throw AppException.conflict('Mötet är inställt; svaren kan inte ändras', { status: meeting.status });
      let row = await this.responses.find(meetingId, contactId, m);
      if (!row) {
        const exists = await this.meetings.existingContacts([contactId], m);
        if (!exists.has(contactId)) throw AppException.notFound('Kontakten', contactId);
        await this.responses.insertUninvited(m, meetingId, contactId);
        row = (await this.responses.find(meetingId, contactId, m))!;
      }
      const room = await this.hasRoom(m, meeting);
      const outcome = staffOutcome(row.answer, input.answer, room, input.overCapacity ?? false);
      const note = input.note?.trim() || null;
      const applied = await this.apply(m, meeting, row, outcome, {
        cause: 'staff',
        actor,
        note,
        details: undefined,
        answeredAt: undefined,
        toEnqueue,
      });
      await this.audit.record(
        {
          action: 'meeting.response_set',
          actor,
          targetType: 'meeting',
          targetId: meetingId,
          details: {
            contactId,
            requested: input.answer,
            from: stateOf(row),
            to: applied.state,
            note,
            overCapacity: input.overCapacity ?? false,
            promoted: applied.promoted,
          },
        },
        m,
      );
      return applied;
    });
    await this.messages.enqueue(toEnqueue);
    return {
      state: result.state,
      answer: result.answer,
      waitlistPosition: result.waitlistPosition,
      promoted: result.promoted,
    };
  }

  /**
   * Fills free places from the waiting list, first come first served, inside the caller's transaction (which
   * holds the meeting's lock): each moved up gets `yes` (cause `waitlist`) and a confirmation. Answers who.
   */
  async fillFromWaitlist(
    m: EntityManager,
    meeting: Meeting,
    actor: AuditActor | null,
    toEnqueue: (QueuedMessage | null)[],
  ): Promise<string[]> {
    if (meeting.status === 'cancelled' || meeting.status === 'held') return [];
    if (this.clock.now() >= meeting.startsAt) return [];
    // No limit any more (capacity removed): everyone waiting gets a place.
    const free =
      meeting.capacity === null
        ? Number.MAX_SAFE_INTEGER
        : meeting.capacity - (await this.responses.countYes(m, meeting.id));
    const next = await this.responses.firstWaitlisted(m, meeting.id, free);
    const now = this.clock.now();
    for (const row of next) {
      await this.responses.writeAnswer(
        m,
        meeting.id,
        row.contactId,
        { answer: 'yes', waitlist: 'leave' },
        now,
        {
          fromState: stateOf(row),
          toState: stateOf({ answer: 'yes', attendance: row.attendance })!,
          cause: 'waitlist',
          actorUserId: actor?.userId ?? null,
          note: null,
        },
      );
      toEnqueue.push(await this.messages.confirmation(m, meeting, row.contactId));
    }
    return next.map((r) => r.contactId);
  }

  list(meetingId: string, query: ResponseListQuery): Promise<Page<ResponseRow>> {
    return this.responses.list(meetingId, query);
  }

  private async apply(
    m: EntityManager,
    meeting: Meeting,
    row: MeetingResponse,
    outcome: AnswerOutcome,
    how: {
      /** The person's address as read with their row, when it was. */
      email?: string | null;
      cause: ResponseCause;
      actor: AuditActor | null;
      note: string | null;
      details: AnswerDetails | undefined;
      answeredAt: Date | undefined;
      toEnqueue: (QueuedMessage | null)[];
    },
  ): Promise<AnswerResult & { details: AnswerDetails }> {
    const now = this.clock.now();
    const fromState = stateOf(row);
    const toState = stateOf({ answer: outcome.answer, attendance: row.attendance })!;
    const details = await this.responses.writeAnswer(
      m,
      meeting.id,
      row.contactId,
      {
        answer: outcome.answer,
        waitlist: outcome.waitlist,
        answeredAt: how.answeredAt,
        details: how.details,
      },
      now,
      {
        fromState,
        toState,
        cause: how.cause,
        actorUserId: how.actor?.userId ?? null,
        note: how.note,
      },
    );
    // Messages follow a change of answer only: saying yes again (to change the diet) sends nothing new.
    if (outcome.answer !== row.answer) {
      if (outcome.answer === 'yes')
        how.toEnqueue.push(await this.messages.confirmation(m, meeting, row.contactId, how.email));
      if (outcome.answer === 'waitlisted')
        how.toEnqueue.push(await this.messages.waitlistNotice(m, meeting, row.contactId, how.email));
    }
    const promoted =
      row.answer === 'yes' && outcome.answer !== 'yes'
        ? await this.fillFromWaitlist(m, meeting, how.actor, how.toEnqueue)
        : [];
    return {
      state: toState,
      answer: outcome.answer,
      waitlistPosition:
        outcome.answer === 'waitlisted'
          ? await this.responses.waitlistPosition(m, meeting.id, row.contactId)
          : null,
      promoted,
      details,
    };
  }

  private async hasRoom(m: EntityManager, meeting: Meeting): Promise<boolean> {
    if (meeting.capacity === null) return true;
    return (await this.responses.countYes(m, meeting.id)) < meeting.capacity;
  }

  private async lockMeeting(m: EntityManager, meetingId: string): Promise<Meeting> {
    const meeting = await this.meetings.lock(m, meetingId);
    if (!meeting) throw AppException.notFound('Mötet', meetingId);
    return meeting;
  }
}

function notInvited(meetingId: string): AppException {
  return new AppException(AppErrorCode.NOT_FOUND, 'Du finns inte bland de inbjudna till det här mötet.', {
    meetingId,
  });
}
