import { AuditActor, AuditService } from '@app/audit';
import { AppException, Page, parseStockholmTime } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MeetingMessages, QueuedMessage } from '../messages/meeting-messages.service';
import { formatMeetingStart, formatMeetingTime } from '../render/meeting-dates';
import { MeetingResponsesRepository } from '../responses/meeting-responses.repository';
import { MeetingResponsesService } from '../responses/meeting-responses.service';
import { RegionStatusSync } from '../rounds/region-status-sync';
import { MeetingMovedHooks } from './meeting-moved.hooks';
import type { MeetingView } from './meeting-view';
import {
  Meeting,
  MEETING_STATUS_LABELS,
  MeetingStatus,
  REPRESENTATIVE_PART_LABELS,
  REPRESENTATIVE_PARTS,
  RepresentativePart,
} from './meeting.entity';
import {
  MeetingListQuery,
  MeetingsRepository,
  MeetingValues,
  RepresentativeRow,
} from './meetings.repository';

/** A meeting as staff enter it: times as Stockholm wall time ("2017-03-14T18:00") or ISO with an offset. */
export interface MeetingInput {
  roundId?: string;
  regionId?: number;
  hostOrganizationId?: string | null;
  title?: string;
  startsAt?: string;
  endsAt?: string;
  venue?: string | null;
  address?: string | null;
  city?: string | null;
  capacity?: number | null;
  /** A day ("2017-03-10": answers until the end of it) or a time. */
  rsvpDeadline?: string | null;
  description?: string | null;
  agenda?: string | null;
}

export interface MeetingUpdate extends Omit<MeetingInput, 'roundId' | 'regionId'> {
  status?: Exclude<MeetingStatus, 'cancelled'>;
  /** A change of time or place tells those who may come (default true). */
  notify?: boolean;
  /** The notice's text; the standard sentence when absent. */
  noticeText?: string | null;
}

export interface RepresentativeInput {
  contactId: string;
  part: RepresentativePart;
}

/** The fields whose change moves the calendar event (SEQUENCE + 1) and is announced to those coming. */
const TIME_AND_PLACE = ['startsAt', 'endsAt', 'venue', 'address', 'city'] as const;

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function text(value: string | null | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/**
 * Meetings: created in a round for a region (which moves the region to "meeting scheduled" on the board),
 * changed (a new time or place raises the calendar sequence and tells those coming), held, cancelled (with a
 * cancellation to everyone coming), and their regional representatives. Every staff change is audited, in the
 * transaction that makes it.
 */
@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly meetings: MeetingsRepository,
    private readonly responses: MeetingResponsesRepository,
    private readonly answers: MeetingResponsesService,
    private readonly messages: MeetingMessages,
    private readonly regionStatus: RegionStatusSync,
    private readonly moved: MeetingMovedHooks,
    private readonly audit: AuditService,
  ) {}

  async list(query: MeetingListQuery): Promise<Page<MeetingView>> {
    const page = await this.meetings.list(query);
    return { ...page, items: await this.views(page.items) };
  }

  async get(id: string): Promise<MeetingView> {
    const meeting = await this.meetings.find(id);
    if (!meeting) throw AppException.notFound('Mötet', id);
    return (await this.views([meeting]))[0];
  }

  async create(input: MeetingInput, actor: AuditActor): Promise<MeetingView> {
    const id = await this.dataSource.transaction(async (m) => {
      const values = await this.checked(m, input, null);
      const meeting = await this.meetings.insert(m, values);
      await this.regionStatus.meetingScheduled(m, meeting.roundId, meeting.regionId, actor.userId ?? null);
      await this.audit.record(
        {
          action: 'meeting.created',
          actor,
          targetType: 'meeting',
          targetId: meeting.id,
          details: { title: meeting.title, roundId: meeting.roundId, regionId: meeting.regionId },
        },
        m,
      );
      return meeting.id;
    });
    return this.get(id);
  }

  /**
   * Changes a meeting. A new time or place raises the calendar sequence and (unless `notify: false`) sends a
   * change notice with the updated calendar file to everyone who said yes or maybe or is waiting, in the same
   * transaction; a raised capacity moves people up from the waiting list; `held` moves the region on the board.
   */
  async update(id: string, input: MeetingUpdate, actor: AuditActor): Promise<MeetingView> {
    const toEnqueue: (QueuedMessage | null)[] = [];
    await this.dataSource.transaction(async (m) => {
      const meeting = await this.lock(m, id);
      if (meeting.status === 'cancelled')
        throw AppException.conflict('Mötet är inställt och kan inte ändras', { status: meeting.status });
      const values = await this.checked(m, input, meeting);
      const changed = (Object.keys(values) as (keyof MeetingValues)[]).filter(
        (k) => !sameValue(values[k], meeting[k]),
      );
      const patch: Partial<Meeting> = Object.fromEntries(changed.map((k) => [k, values[k]]));
      const moved = changed.some((k) => (TIME_AND_PLACE as readonly string[]).includes(k));
      if (moved) patch.calendarSequence = meeting.calendarSequence + 1;
      if (input.status && input.status !== meeting.status) patch.status = input.status;
      await this.meetings.update(m, id, patch);
      const after: Meeting = { ...meeting, ...patch };

      if (patch.status === 'held')
        await this.regionStatus.meetingHeld(m, meeting.roundId, meeting.regionId, actor.userId ?? null);
      const promoted =
        'capacity' in patch ? await this.answers.fillFromWaitlist(m, after, actor, toEnqueue) : [];
      const noticeMailingId =
        moved && input.notify !== false
          ? await this.messages.changeNotice(m, after, 'change', text(input.noticeText), actor.userId ?? null)
          : null;
      toEnqueue.push(noticeMailingId ? { mailingId: noticeMailingId } : null);
      if (changed.includes('startsAt')) await this.moved.onMeetingMoved(m, id);
      if (Object.keys(patch).length > 0) {
        await this.audit.record(
          {
            action: 'meeting.updated',
            actor,
            targetType: 'meeting',
            targetId: id,
            details: {
              fields: Object.keys(patch),
              calendarSequence: after.calendarSequence,
              noticeMailingId,
              promoted,
            },
          },
          m,
        );
      }
    });
    await this.messages.enqueue(toEnqueue);
    return this.get(id);
  }

  /**
   * Calls the meeting off: status cancelled, calendar sequence raised, and a cancellation (METHOD:CANCEL) to
   * everyone who said yes or maybe or is waiting. Cancelling a cancelled meeting changes nothing.
   */
  async cancel(id: string, input: { text?: string | null }, actor: AuditActor): Promise<MeetingView> {
    const toEnqueue: (QueuedMessage | null)[] = [];
    await this.dataSource.transaction(async (m) => {
      const meeting = await this.lock(m, id);
      if (meeting.status === 'cancelled') return;
      if (meeting.status === 'held')
        throw AppException.conflict('Mötet är redan genomfört och kan inte ställas in', {
          status: meeting.status,
        });
      const after: Meeting = {
        ...meeting,
        status: 'cancelled',
        calendarSequence: meeting.calendarSequence + 1,
      };
      await this.meetings.update(m, id, { status: 'cancelled', calendarSequence: after.calendarSequence });
      const noticeMailingId = await this.messages.changeNotice(
        m,
        after,
        'cancellation',
        text(input.text),
        actor.userId ?? null,
      );
      toEnqueue.push(noticeMailingId ? { mailingId: noticeMailingId } : null);
      await this.regionStatus.meetingCalledOff(
        m,
        meeting.roundId,
        meeting.regionId,
        await this.meetings.othersScheduled(m, meeting.roundId, meeting.regionId, id),
        `Mötet ${meeting.title} ställdes in`,
        actor.userId ?? null,
      );
      await this.audit.record(
        {
          action: 'meeting.cancelled',
          actor,
          targetType: 'meeting',
          targetId: id,
          details: { previousStatus: meeting.status, noticeMailingId },
        },
        m,
      );
    });
    await this.messages.enqueue(toEnqueue);
    return this.get(id);
  }

  /** Deletes a meeting that nobody has been invited to; one with invitations is cancelled instead. */
  async remove(id: string, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const meeting = await this.lock(m, id);
      const counts = (await this.responses.stateCounts([id])).get(id)!;
      const invitees = Object.values(counts).reduce((a, b) => a + b, 0);
      if (invitees > 0 || (await this.meetings.hasSends(m, id))) {
        throw AppException.conflict('Mötet har inbjudningar och kan inte tas bort; ställ in det i stället', {
          invitees,
        });
      }
      await this.meetings.remove(m, id);
      await this.regionStatus.meetingCalledOff(
        m,
        meeting.roundId,
        meeting.regionId,
        await this.meetings.othersScheduled(m, meeting.roundId, meeting.regionId, id),
        `Mötet ${meeting.title} togs bort`,
        actor.userId ?? null,
      );
      await this.audit.record(
        {
          action: 'meeting.deleted',
          actor,
          targetType: 'meeting',
          targetId: id,
          details: { title: meeting.title, roundId: meeting.roundId, regionId: meeting.regionId },
        },
        m,
      );
    });
  }

  // ── representatives ───────────────────────────────────────────────────────────────────────────────────

  /** Replaces the meeting's representatives with exactly these. */
  async setRepresentatives(id: string, list: RepresentativeInput[], actor: AuditActor): Promise<MeetingView> {
    await this.dataSource.transaction(async (m) => {
      await this.lock(m, id);
      const seen = new Set<string>();
      list.forEach((r, i) => {
        if (seen.has(r.contactId))
          throw AppException.validation(`representatives[${i}].contactId: kontakten finns redan i listan`, {
            field: `representatives[${i}].contactId`,
          });
        seen.add(r.contactId);
      });
      await this.assertContacts(
        m,
        list.map((r) => r.contactId),
        (i) => `representatives[${i}].contactId`,
      );
      await this.meetings.clearRepresentatives(m, id);
      for (const r of list) await this.meetings.upsertRepresentative(m, id, r.contactId, r.part);
      await this.audit.record(
        {
          action: 'meeting.representatives_set',
          actor,
          targetType: 'meeting',
          targetId: id,
          details: { representatives: list },
        },
        m,
      );
    });
    return this.get(id);
  }

  /** Adds a representative, or changes their part. */
  async addRepresentative(id: string, input: RepresentativeInput, actor: AuditActor): Promise<MeetingView> {
    await this.dataSource.transaction(async (m) => {
      await this.lock(m, id);
      await this.assertContacts(m, [input.contactId], () => 'contactId');
      if (await this.meetings.upsertRepresentative(m, id, input.contactId, input.part)) {
        await this.audit.record(
          {
            action: 'meeting.representative_added',
            actor,
            targetType: 'meeting',
            targetId: id,
            details: { ...input },
          },
          m,
        );
      }
    });
    return this.get(id);
  }

  async removeRepresentative(id: string, contactId: string, actor: AuditActor): Promise<MeetingView> {
    await this.dataSource.transaction(async (m) => {
      await this.lock(m, id);
      if (!(await this.meetings.removeRepresentative(m, id, contactId)))
        throw AppException.notFound('Representanten', contactId);
      await this.audit.record(
        {
          action: 'meeting.representative_removed',
          actor,
          targetType: 'meeting',
          targetId: id,
          details: { contactId },
        },
        m,
      );
    });
    return this.get(id);
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────────────────

  private async lock(m: EntityManager, id: string): Promise<Meeting> {
    const meeting = await this.meetings.lock(m, id);
    if (!meeting) throw AppException.notFound('Mötet', id);
    return meeting;
  }

  private async assertContacts(m: EntityManager, ids: string[], field: (i: number) => string): Promise<void> {
    const existing = await this.meetings.existingContacts(ids, m);
    const missing = ids.findIndex((id) => !existing.has(id));
    if (missing >= 0)
      throw AppException.validation(`${field(missing)}: kontakten finns inte`, { field: field(missing) });
  }

  /**
   * The values to write, checked as a whole (the input over the meeting as it is): Swedish messages naming
   * the field; nothing is written when one fails.
   */
  private async checked(
    m: EntityManager,
    input: MeetingInput,
    current: Meeting | null,
  ): Promise<MeetingValues> {
    const startsAt =
      input.startsAt !== undefined ? parseStockholmTime(input.startsAt, 'startsAt') : current?.startsAt;
    const endsAt = input.endsAt !== undefined ? parseStockholmTime(input.endsAt, 'endsAt') : current?.endsAt;
    if (!startsAt) throw AppException.validation('startsAt: ange när mötet börjar', { field: 'startsAt' });
    if (!endsAt) throw AppException.validation('endsAt: ange när mötet slutar', { field: 'endsAt' });
    if (endsAt <= startsAt)
      throw AppException.validation('endsAt: mötet måste sluta efter att det börjar', { field: 'endsAt' });
    const rsvpDeadline =
      input.rsvpDeadline === undefined
        ? (current?.rsvpDeadline ?? null)
        : input.rsvpDeadline === null || input.rsvpDeadline.trim() === ''
          ? null
          : DAY_ONLY.test(input.rsvpDeadline.trim())
            ? parseStockholmTime(`${input.rsvpDeadline.trim()}T23:59:59`, 'rsvpDeadline')
            : parseStockholmTime(input.rsvpDeadline, 'rsvpDeadline');
    if (rsvpDeadline && rsvpDeadline > startsAt)
      throw AppException.validation('rsvpDeadline: sista svarsdag måste vara senast när mötet börjar', {
        field: 'rsvpDeadline',
      });
    const capacity = input.capacity !== undefined ? input.capacity : (current?.capacity ?? null);
    if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1))
      throw AppException.validation('capacity: antalet platser måste vara ett heltal, minst 1', {
        field: 'capacity',
      });
    const title = input.title !== undefined ? text(input.title) : (current?.title ?? null);
    if (!title) throw AppException.validation('title: ange mötets namn', { field: 'title' });

    const roundId = current?.roundId ?? input.roundId;
    const regionId = current?.regionId ?? input.regionId;
    if (!roundId)
      throw AppException.validation('roundId: ange omgången mötet hör till', { field: 'roundId' });
    if (regionId === undefined)
      throw AppException.validation('regionId: ange regionen mötet hålls i', { field: 'regionId' });
    if (!current) {
      if (!(await this.regionStatus.roundExists(m, roundId)))
        throw AppException.validation('roundId: omgången finns inte', { field: 'roundId' });
      if (!(await this.meetings.regionNames([regionId], m)).has(regionId))
        throw AppException.validation('regionId: regionen finns inte', { field: 'regionId' });
    }
    const hostOrganizationId =
      input.hostOrganizationId !== undefined
        ? input.hostOrganizationId
        : (current?.hostOrganizationId ?? null);
    if (
      hostOrganizationId &&
      hostOrganizationId !== current?.hostOrganizationId &&
      !(await this.meetings.organizationNames([hostOrganizationId], m)).has(hostOrganizationId)
    )
      throw AppException.validation('hostOrganizationId: organisationen finns inte', {
        field: 'hostOrganizationId',
      });
    const pick = (key: 'venue' | 'address' | 'city' | 'description' | 'agenda') =>
      input[key] !== undefined ? text(input[key]) : (current?.[key] ?? null);
    return {
      roundId,
      regionId,
      hostOrganizationId,
      title,
      startsAt,
      endsAt,
      venue: pick('venue'),
      address: pick('address'),
      city: pick('city'),
      capacity,
      rsvpDeadline,
      description: pick('description'),
      agenda: pick('agenda'),
    };
  }

  private async views(meetings: Meeting[]): Promise<MeetingView[]> {
    const ids = meetings.map((mt) => mt.id);
    const [regions, organizations, representatives, counts, yes] = await Promise.all([
      this.meetings.regionNames(meetings.map((mt) => mt.regionId)),
      this.meetings.organizationNames(
        meetings.map((mt) => mt.hostOrganizationId).filter((id): id is string => id !== null),
      ),
      this.meetings.representatives(ids),
      this.responses.stateCounts(ids),
      this.responses.yesCounts(ids),
    ]);
    const byMeeting = new Map<string, RepresentativeRow[]>();
    for (const r of representatives) byMeeting.set(r.meetingId, [...(byMeeting.get(r.meetingId) ?? []), r]);
    return meetings.map((mt) => {
      const reps = byMeeting.get(mt.id) ?? [];
      return {
        id: mt.id,
        roundId: mt.roundId,
        region: regions.get(mt.regionId) ?? { id: mt.regionId, code: '', name: '' },
        hostOrganization: mt.hostOrganizationId ? (organizations.get(mt.hostOrganizationId) ?? null) : null,
        title: mt.title,
        startsAt: mt.startsAt,
        endsAt: mt.endsAt,
        startsAtText: formatMeetingStart(mt.startsAt, 'sv'),
        timeText: formatMeetingTime(mt.startsAt, mt.endsAt, 'sv'),
        venue: mt.venue,
        address: mt.address,
        city: mt.city,
        capacity: mt.capacity,
        placesLeft: mt.capacity === null ? null : Math.max(0, mt.capacity - (yes.get(mt.id) ?? 0)),
        rsvpDeadline: mt.rsvpDeadline,
        rsvpDeadlineText: mt.rsvpDeadline ? formatMeetingStart(mt.rsvpDeadline, 'sv') : null,
        description: mt.description,
        agenda: mt.agenda,
        status: mt.status,
        statusLabel: MEETING_STATUS_LABELS[mt.status],
        calendarSequence: mt.calendarSequence,
        representatives: reps.map((r) => ({
          contactId: r.contactId,
          firstName: r.firstName,
          lastName: r.lastName,
          email: r.email,
          organizationName: r.organizationName,
          part: r.part,
          partLabel: REPRESENTATIVE_PART_LABELS[r.part],
        })),
        representativesMissing: REPRESENTATIVE_PARTS.filter((p) => !reps.some((r) => r.part === p)),
        responseCounts: counts.get(mt.id)!,
        createdAt: mt.createdAt,
        updatedAt: mt.updatedAt,
      };
    });
  }
}
