import { AuditActor, AuditService } from '@app/audit';
import { AppErrorCode, AppException, foldForSearch, normaliseEmail } from '@app/common';
import {
  ContactsService,
  ContactView,
  ORGANIZATION_KINDS,
  OrganizationKind,
  OrganizationsService,
} from '@app/crm';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { MeetingStatus } from '../meetings/meeting.entity';
import { Attendance, ResponseState, RsvpAnswer } from '../responses/meeting-response.entity';
import {
  AttendanceRow,
  MeetingResponsesRepository,
  ResponseAttendance,
} from '../responses/meeting-responses.repository';
import { MeetingsRepository } from '../meetings/meetings.repository';
import { CheckInOperationsRepository } from './check-in-operations.repository';

export interface CheckInInput {
  /** A uuid the client made for this operation: sent again, the operation is done once. */
  clientId: string;
  contactId: string;
  attendance: Attendance;
}

/** A walk-in: a contact found by id, or a new person (and, if named, a new organisation). */
export interface WalkInInput {
  clientId: string;
  contactId?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  organizationId?: string;
  organizationName?: string;
  /** The kind of an organisation created from organizationName (member unless said). */
  organizationKind?: OrganizationKind;
}

/** The answer to a check-in or walk-in: the same every time the same clientId is sent. */
export interface CheckInAnswer {
  clientId: string;
  kind: 'check_in' | 'walk_in';
  meetingId: string;
  contactId: string;
  answer: RsvpAnswer | null;
  attendance: Attendance | null;
  state: ResponseState;
  invited: boolean;
  walkIn: boolean;
  /** Whether this operation changed the attendance (false: it was already so). */
  changed: boolean;
  contactCreated: boolean;
  organizationId: string | null;
  organizationCreated: boolean;
  recordedAt: string;
}

/** One item of a batch, answered on its own: the answer, or the error it would have had alone. */
export type BatchItemAnswer =
  | { clientId: string; status: number; answer: CheckInAnswer; error: null }
  | {
      clientId: string;
      status: number;
      answer: null;
      error: { code: string; message: string };
    };

const STATUS_OF_CODE: Partial<Record<AppErrorCode, number>> = {
  [AppErrorCode.VALIDATION_FAILED]: 400,
  [AppErrorCode.NOT_FOUND]: 404,
  [AppErrorCode.CONFLICT]: 409,
};

/** Answers that mean the person was expected (a walk-in is someone who was not). */
const EXPECTED_ANSWERS: (RsvpAnswer | null)[] = ['yes', 'maybe', 'waitlisted'];

function fingerprint(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function trimmed(value: string | undefined): string | undefined {
  const t = value?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
}

/**
 * Attendance on the evening, from one or several phones that may be offline: every operation carries a
 * client-made id, stored in check_in_operations in the same transaction as its effect, so an operation sent
 * again (or twice at once) is done once and answered the same. Check-ins and walk-ins are audited.
 */
@Injectable()
export class CheckInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly operations: CheckInOperationsRepository,
    private readonly meetings: MeetingsRepository,
    private readonly responses: MeetingResponsesRepository,
    private readonly contacts: ContactsService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
  ) {}

  /** The evening's list: the expected people and everyone whose attendance is recorded; `q` searches it. */
  async attendance(meetingId: string, q?: string): Promise<AttendanceRow[]> {
    await this.existingMeeting(meetingId);
    return this.responses.attendanceList(meetingId, q ?? '');
  }

  /** All contacts (not only the invited) by name or e-mail: for finding a walk-in who is in the register. */
  async searchContacts(meetingId: string, q: string, limit = 20): Promise<ContactView[]> {
    await this.existingMeeting(meetingId);
    if (!foldForSearch(q)) return [];
    return (await this.contacts.list({ filter: { q }, limit })).items;
  }

  async checkIn(meetingId: string, input: CheckInInput, actor: AuditActor): Promise<CheckInAnswer> {
    const print = fingerprint(['check_in', meetingId, input.contactId, input.attendance]);
    return this.dataSource.transaction(async (m) => {
      const status = await this.lockMeeting(m, meetingId);
      // Locked first: a second identical request waits here, then finds the stored operation.
      const before = await this.responses.lockForAttendance(m, meetingId, input.contactId);
      if (!before) {
        const stored = await this.operations.find(m, input.clientId);
        if (stored) return this.replay(stored, print);
        throw AppException.notFound('Personen på mötets lista', input.contactId);
      }
      const claimed = await this.operations.claim(
        m,
        { clientId: input.clientId, meetingId, kind: 'check_in', contactId: input.contactId },
        print,
      );
      if (!claimed) return this.replay(await this.operations.find(m, input.clientId), print);
      this.assertNotCancelled(status);
      const after = await this.responses.setAttendance(m, {
        meetingId,
        contactId: input.contactId,
        attendance: input.attendance,
        cause: 'check_in',
        actorUserId: actor.userId ?? null,
        from: before.state,
      });
      const answer = this.answer(input.clientId, 'check_in', meetingId, input.contactId, after, {
        changed: before.attendance !== after.attendance,
      });
      await this.operations.complete(m, input.clientId, input.contactId, print, answer);
      await this.audit.record(
        {
          action: 'meeting.check_in',
          actor,
          targetType: 'meeting',
          targetId: meetingId,
          details: { clientId: input.clientId, contactId: input.contactId, attendance: input.attendance },
        },
        m,
      );
      return answer;
    });
  }

  /** Several check-ins (a phone that was offline), each done and answered on its own, in order. */
  async checkInBatch(
    meetingId: string,
    items: CheckInInput[],
    actor: AuditActor,
  ): Promise<BatchItemAnswer[]> {
    const answers: BatchItemAnswer[] = [];
    for (const item of items) {
      try {
        answers.push({
          clientId: item.clientId,
          status: 200,
          answer: await this.checkIn(meetingId, item, actor),
          error: null,
        });
      } catch (err) {
        const status = err instanceof AppException ? STATUS_OF_CODE[err.code] : undefined;
        if (!status || !(err instanceof AppException)) throw err;
        answers.push({
          clientId: item.clientId,
          status,
          answer: null,
          error: { code: err.code, message: err.message },
        });
      }
    }
    return answers;
  }

  /**
   * Someone who came without being expected: an existing contact, or a new one (with a new organisation when
   * a name matches none). Their row is a walk-in (never invited) and attended; someone already on the list
   * (invited, answered no or nothing) is marked attended and a walk-in. Sent twice, done once.
   */
  async walkIn(meetingId: string, input: WalkInInput, actor: AuditActor): Promise<CheckInAnswer> {
    const person = this.validatedWalkIn(input);
    const print = fingerprint([
      'walk_in',
      meetingId,
      person.contactId ?? null,
      person.firstName ?? null,
      person.lastName ?? null,
      person.email ? normaliseEmail(person.email) : null,
      person.organizationId ?? null,
      person.organizationName ? foldForSearch(person.organizationName) : null,
    ]);
    if (person.contactId && !(await this.contacts.emailOf(person.contactId)))
      throw AppException.notFound('Kontakten', person.contactId);
    return this.dataSource.transaction(async (m) => {
      const status = await this.lockMeeting(m, meetingId);
      const claimed = await this.operations.claim(
        m,
        { clientId: input.clientId, meetingId, kind: 'walk_in', contactId: person.contactId ?? null },
        print,
      );
      if (!claimed) return this.replay(await this.operations.find(m, input.clientId), print);
      this.assertNotCancelled(status);

      // A new person and organisation go through the CRM's own services (committed on their own: a failure
      // after this leaves a contact without a check-in, never a check-in without its contact).
      let organizationId = person.organizationId ?? null;
      let organizationCreated = false;
      if (!person.contactId && person.organizationName) {
        const found = await this.organizationNamed(person.organizationName, person.organizationKind);
        organizationId = found.id;
        organizationCreated = found.created;
      }
      let contactId = person.contactId;
      let contactCreated = false;
      if (!contactId) {
        const existing = person.email ? await this.contactWithEmail(person.email) : null;
        if (existing) {
          contactId = existing.id;
        } else {
          const created = await this.contacts.create({
            firstName: person.firstName,
            lastName: person.lastName,
            email: person.email ?? null,
            organizationId,
            source: 'spontanbesök vid möte',
          });
          contactId = created.id;
          contactCreated = true;
        }
      }

      let before = await this.responses.lockForAttendance(m, meetingId, contactId);
      let after: ResponseAttendance;
      if (!before) {
        const added = await this.responses.addWalkIn(m, meetingId, contactId, actor.userId ?? null);
        // Someone else's invitation may have added the row meanwhile: then it is an attendance change.
        if (added) after = added;
        else before = await this.responses.lockForAttendance(m, meetingId, contactId);
      }
      if (before) {
        const expected = EXPECTED_ANSWERS.includes(before.answer);
        after = await this.responses.setAttendance(m, {
          meetingId,
          contactId,
          attendance: 'attended',
          cause: expected ? 'check_in' : 'walk_in',
          actorUserId: actor.userId ?? null,
          from: before.state,
          walkIn: !expected,
        });
      }
      const answer = this.answer(input.clientId, 'walk_in', meetingId, contactId, after!, {
        changed: before?.attendance !== 'attended',
        contactCreated,
        organizationId: person.contactId ? null : organizationId,
        organizationCreated,
      });
      await this.operations.complete(m, input.clientId, contactId, print, answer);
      await this.audit.record(
        {
          action: 'meeting.walk_in',
          actor,
          targetType: 'meeting',
          targetId: meetingId,
          details: {
            clientId: input.clientId,
            contactId,
            contactCreated,
            organizationId,
            organizationCreated,
          },
        },
        m,
      );
      return answer;
    });
  }

  private answer(
    clientId: string,
    kind: 'check_in' | 'walk_in',
    meetingId: string,
    contactId: string,
    row: ResponseAttendance,
    extra: {
      changed: boolean;
      contactCreated?: boolean;
      organizationId?: string | null;
      organizationCreated?: boolean;
    },
  ): CheckInAnswer {
    return {
      clientId,
      kind,
      meetingId,
      contactId,
      answer: row.answer,
      attendance: row.attendance,
      state: row.state,
      invited: row.invited,
      walkIn: row.walkIn,
      changed: extra.changed,
      contactCreated: extra.contactCreated ?? false,
      organizationId: extra.organizationId ?? null,
      organizationCreated: extra.organizationCreated ?? false,
      recordedAt: new Date().toISOString(),
    };
  }

  /** The stored answer of an operation sent again; a client id reused for another operation is a 409. */
  private replay(
    stored: Awaited<ReturnType<CheckInOperationsRepository['find']>>,
    print: string,
  ): CheckInAnswer {
    if (!stored || stored.result.fingerprint !== print || !stored.result.answer) {
      throw AppException.conflict(
        'clientId har redan använts för en annan incheckning (en annan person, ett annat möte eller en annan ' +
          'närvaro): skapa ett nytt id för varje incheckning',
        { field: 'clientId' },
      );
    }
    return stored.result.answer as unknown as CheckInAnswer;
  }

  private validatedWalkIn(input: WalkInInput): WalkInInput {
    const out: WalkInInput = {
      clientId: input.clientId,
      contactId: input.contactId,
      firstName: trimmed(input.firstName),
      lastName: trimmed(input.lastName),
      email: trimmed(input.email),
      organizationId: input.organizationId,
      organizationName: trimmed(input.organizationName),
      organizationKind: input.organizationKind,
    };
    const personGiven = [
      out.firstName,
      out.lastName,
      out.email,
      out.organizationId,
      out.organizationName,
    ].some((v) => v !== undefined);
    if (out.contactId && personGiven) {
      throw AppException.validation(
        'Ange antingen contactId (en befintlig kontakt) eller uppgifter om en ny person, inte båda',
        { field: 'contactId' },
      );
    }
    if (!out.contactId && (!out.firstName || !out.lastName)) {
      throw AppException.validation('Ange contactId, eller förnamn och efternamn för en ny person', {
        field: out.firstName ? 'lastName' : 'firstName',
      });
    }
    if (out.organizationId && out.organizationName) {
      throw AppException.validation('Ange antingen organizationId eller organizationName, inte båda', {
        field: 'organizationName',
      });
    }
    if (out.organizationKind && !ORGANIZATION_KINDS.includes(out.organizationKind)) {
      throw AppException.validation(`Ogiltig organisationstyp i fältet organizationKind`, {
        field: 'organizationKind',
      });
    }
    return out;
  }

  /** The organisation of that name (as the CRM matches names: folded), created if there is none. */
  private async organizationNamed(
    name: string,
    kind: OrganizationKind = 'member',
  ): Promise<{ id: string; created: boolean }> {
    const key = foldForSearch(name);
    const find = async () =>
      (await this.organizations.list({ q: name, limit: 100 })).items.find(
        (o) => foldForSearch(o.name) === key,
      );
    const existing = await find();
    if (existing) return { id: existing.id, created: false };
    try {
      return { id: (await this.organizations.create({ kind, name })).id, created: true };
    } catch (err) {
      // Created by someone else a moment ago: use theirs.
      const now =
        err instanceof AppException && err.code === AppErrorCode.CONFLICT ? await find() : undefined;
      if (now) return { id: now.id, created: false };
      throw err;
    }
  }

  private async contactWithEmail(email: string): Promise<ContactView | null> {
    const wanted = normaliseEmail(email);
    const page = await this.contacts.list({ filter: { q: wanted }, limit: 20 });
    return page.items.find((c) => c.email !== null && normaliseEmail(c.email) === wanted) ?? null;
  }

  private async existingMeeting(meetingId: string): Promise<void> {
    await this.lockMeeting(this.dataSource.manager, meetingId, false);
  }

  private async lockMeeting(m: EntityManager, meetingId: string, lock = true): Promise<MeetingStatus> {
    // Share-locked: a cancellation waits for check-ins in flight, and they for it.
    const meeting = lock
      ? await this.meetings.lockShared(m, meetingId)
      : await this.meetings.find(meetingId, m);
    if (!meeting) throw AppException.notFound('Mötet', meetingId);
    return meeting.status;
  }

  private assertNotCancelled(status: string): void {
    if (status === 'cancelled')
      throw AppException.conflict('Mötet är inställt: ingen incheckning kan göras', { status });
  }
}
