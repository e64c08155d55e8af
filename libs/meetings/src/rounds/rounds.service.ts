import { AuditActor, AuditService } from '@app/audit';
import { AppException } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, QueryFailedError } from 'typeorm';
import { formatMeetingStart } from '../render/meeting-dates';
import {
  HOST_ANSWER_LABELS,
  HOSTING_STATUS_LABELS,
  HOSTING_STATUSES,
  HostAnswer,
  HostingStatus,
} from './hosting-status';
import { HostingStatusService } from './hosting-status.service';
import { isCalendarDate } from './response-deadline';
import { HostResponseRow, RegionEventRow, RoundRow, RoundsRepository } from './rounds.repository';

export interface RoundInput {
  name: string;
  description?: string | null;
  responseDeadline?: string | null;
}

export type RoundView = RoundRow;

export interface RegionBoardItem {
  regionId: number;
  code: string;
  name: string;
  status: HostingStatus;
  statusLabel: string;
  note: string | null;
  lastActivityAt: Date | null;
  askedContact: { id: string; name: string; organization: string | null } | null;
  latestAnswer: {
    contactId: string | null;
    contactName: string | null;
    answer: HostAnswer;
    answerLabel: string;
    comment: string | null;
    suggestedDates: string | null;
    contactPerson: string | null;
    answeredAt: Date;
  } | null;
  meeting: {
    id: string;
    /** The start in Stockholm time with its offset: 2027-03-14T18:00:00.000+01:00. */
    startsAt: string;
    /** "tisdag 14 mars 2027 kl. 18.00". */
    date: string;
    city: string | null;
    status: string;
  } | null;
}

export interface RegionHistoryItem extends RegionEventRow {
  fromLabel: string | null;
  toLabel: string;
}

export interface HostResponseView extends HostResponseRow {
  answerLabel: string;
}

const UNIQUE_VIOLATION = '23505';

function isNameTaken(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driver = err.driverError as { code?: string; constraint?: string };
  return driver.code === UNIQUE_VIOLATION && driver.constraint === 'rounds_name_key';
}

function personName(first: string | null, last: string | null): string {
  return `${first ?? ''} ${last ?? ''}`.trim();
}

/** Outreach rounds: their data, the region board and the hand-set hosting status. */
@Injectable()
export class RoundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rounds: RoundsRepository,
    private readonly hosting: HostingStatusService,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<RoundView[]> {
    return this.rounds.listRounds();
  }

  async get(id: string): Promise<RoundView> {
    const round = await this.rounds.findRound(id);
    if (!round) throw AppException.notFound('Omgången', id);
    return round;
  }

  async create(input: RoundInput, actor: AuditActor): Promise<RoundView> {
    const values = this.checked(input);
    const id = await this.dataSource
      .transaction(async (m) => {
        const id = await this.rounds.insertRound(m, values);
        await this.audit.record(
          { action: 'round.created', actor, targetType: 'round', targetId: id, details: { ...values } },
          m,
        );
        return id;
      })
      .catch((err: unknown) => this.nameTaken(err, values.name));
    return this.get(id);
  }

  async update(id: string, patch: Partial<RoundInput>, actor: AuditActor): Promise<RoundView> {
    await this.dataSource
      .transaction(async (m) => {
        const round = await this.rounds.lockRound(m, id);
        if (!round) throw AppException.notFound('Omgången', id);
        const values = this.checked({
          name: patch.name ?? round.name,
          description: patch.description === undefined ? round.description : patch.description,
          responseDeadline:
            patch.responseDeadline === undefined ? round.responseDeadline : patch.responseDeadline,
        });
        await this.rounds.updateRound(m, id, values);
        await this.audit.record(
          {
            action: 'round.updated',
            actor,
            targetType: 'round',
            targetId: id,
            details: {
              before: { name: round.name, responseDeadline: round.responseDeadline },
              after: values,
            },
          },
          m,
        );
      })
      .catch((err: unknown) => this.nameTaken(err, patch.name ?? ''));
    return this.get(id);
  }

  /** Only a round nothing was sent or planned in: its sends and meetings are history worth keeping. */
  async remove(id: string, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const round = await this.rounds.lockRound(m, id);
      if (!round) throw AppException.notFound('Omgången', id);
      const usage = await this.rounds.usage(m, id);
      if (usage.sends > 0 || usage.meetings > 0) {
        throw AppException.conflict(
          `Omgången "${round.name}" har ${usage.sends} utskick och ${usage.meetings} möten och kan inte tas bort`,
          usage,
        );
      }
      await this.rounds.deleteRound(m, id);
      await this.audit.record(
        { action: 'round.deleted', actor, targetType: 'round', targetId: id, details: { name: round.name } },
        m,
      );
    });
  }

  async board(roundId: string): Promise<RegionBoardItem[]> {
    await this.get(roundId);
    const rows = await this.rounds.board(roundId);
    return rows.map((r) => ({
      regionId: r.regionId,
      code: r.code,
      name: r.name,
      status: r.status,
      statusLabel: HOSTING_STATUS_LABELS[r.status],
      note: r.note,
      lastActivityAt: r.lastActivityAt,
      askedContact: r.askedContactId
        ? {
            id: r.askedContactId,
            name: personName(r.askedFirstName, r.askedLastName),
            organization: r.askedOrganization,
          }
        : null,
      latestAnswer:
        r.answer && r.answeredAt
          ? {
              contactId: r.answerContactId,
              contactName: r.answerContactId ? personName(r.answerFirstName, r.answerLastName) : null,
              answer: r.answer,
              answerLabel: HOST_ANSWER_LABELS[r.answer].sv,
              comment: r.answerComment,
              suggestedDates: r.answerSuggestedDates,
              contactPerson: r.answerContactPerson,
              answeredAt: r.answeredAt,
            }
          : null,
      meeting:
        r.meetingId && r.meetingStartsAt
          ? {
              id: r.meetingId,
              startsAt: DateTime.fromJSDate(r.meetingStartsAt, { zone: 'Europe/Stockholm' }).toISO()!,
              date: formatMeetingStart(r.meetingStartsAt, 'sv'),
              city: r.meetingCity,
              status: r.meetingStatus ?? 'planned',
            }
          : null,
    }));
  }

  async history(roundId: string, regionId: number): Promise<RegionHistoryItem[]> {
    await this.assertRegion(roundId, regionId);
    const rows = await this.rounds.regionHistory(roundId, regionId);
    return rows.map((e) => ({
      ...e,
      fromLabel: e.fromStatus ? HOSTING_STATUS_LABELS[e.fromStatus] : null,
      toLabel: HOSTING_STATUS_LABELS[e.toStatus],
    }));
  }

  /** Staff set a region's status by hand (a phone call, a letter), with an optional note kept in the history. */
  async setRegionStatus(
    roundId: string,
    regionId: number,
    input: { status: HostingStatus; note?: string | null },
    actor: AuditActor,
  ): Promise<RegionBoardItem> {
    if (!HOSTING_STATUSES.includes(input.status))
      throw AppException.validation(`status: okänd status "${String(input.status)}"`, { field: 'status' });
    await this.assertRegion(roundId, regionId);
    await this.dataSource.transaction((m) =>
      this.hosting.change(m, {
        roundId,
        regionId,
        to: input.status,
        cause: 'staff',
        note: input.note ?? null,
        actor,
      }),
    );
    return (await this.board(roundId)).find((r) => r.regionId === regionId)!;
  }

  async hostResponses(roundId: string): Promise<HostResponseView[]> {
    await this.get(roundId);
    const rows = await this.rounds.hostResponses(roundId);
    return rows.map((r) => ({ ...r, answerLabel: HOST_ANSWER_LABELS[r.answer].sv }));
  }

  private async assertRegion(roundId: string, regionId: number): Promise<void> {
    await this.get(roundId);
    const plausible = Number.isInteger(regionId) && regionId > 0 && regionId < 32768;
    if (!plausible || !(await this.rounds.regionExists(regionId)))
      throw AppException.notFound('Regionen', regionId);
  }

  private checked(input: RoundInput): {
    name: string;
    description: string | null;
    responseDeadline: string | null;
  } {
    const name = input.name?.trim() ?? '';
    if (!name) throw AppException.validation('name: omgången behöver ett namn', { field: 'name' });
    if (name.length > 200) throw AppException.validation('name: högst 200 tecken', { field: 'name' });
    const description = input.description?.trim() ? input.description.trim() : null;
    const deadline = input.responseDeadline?.trim() ? input.responseDeadline.trim() : null;
    if (deadline !== null && !isCalendarDate(deadline)) {
      throw AppException.validation(
        `responseDeadline: "${deadline}" är inget datum; skriv det som åååå-mm-dd, t.ex. 2027-03-10`,
        { field: 'responseDeadline' },
      );
    }
    return { name, description, responseDeadline: deadline };
  }

  private nameTaken(err: unknown, name: string): never {
    if (isNameTaken(err))
      throw AppException.conflict(`Det finns redan en omgång som heter "${name}"`, { field: 'name' });
    throw err;
  }
}
