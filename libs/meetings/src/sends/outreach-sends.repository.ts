import { Contact } from '@app/crm';
import type { MessagePurpose } from '@app/mail';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Meeting } from '../meetings/meeting.entity';
import { ReminderKind } from './due-reminder.entity';
import { HostRequestAudience, OutreachKind, OutreachSend, OutreachStatus } from './outreach-send.entity';

/** What staff set on a send (everything but its state). */
export type OutreachSendValues = Pick<
  OutreachSend,
  | 'kind'
  | 'roundId'
  | 'meetingId'
  | 'title'
  | 'templateId'
  | 'reminderTemplateId'
  | 'subject'
  | 'fromName'
  | 'fromAddress'
  | 'replyTo'
  | 'audience'
  | 'remindAfterDays'
  | 'maxReminders'
  | 'remindAttendingDaysBefore'
>;

export interface ReminderRow {
  id: string;
  sendId: string;
  kind: ReminderKind;
  sequence: number;
  dueAt: Date;
  mailingId: string | null;
  startedAt: Date | null;
  skippedReason: string | null;
}

/** A meeting as the sends need it, with its region's name. */
export type MeetingRow = Pick<
  Meeting,
  | 'id'
  | 'roundId'
  | 'regionId'
  | 'title'
  | 'startsAt'
  | 'endsAt'
  | 'venue'
  | 'address'
  | 'city'
  | 'rsvpDeadline'
  | 'description'
  | 'agenda'
  | 'status'
  | 'calendarSequence'
> & { regionName: string };

const REMINDER_COLUMNS = `r.id, r.send_id AS "sendId", r.kind, r.sequence, r.due_at AS "dueAt",
       r.mailing_id AS "mailingId", r.started_at AS "startedAt", r.skipped_reason AS "skippedReason"`;

const MEETING_COLUMNS = `mt.id, mt.round_id AS "roundId", mt.region_id AS "regionId", mt.title,
       mt.starts_at AS "startsAt", mt.ends_at AS "endsAt", mt.venue, mt.address, mt.city,
       mt.rsvp_deadline AS "rsvpDeadline", mt.description, mt.agenda, mt.status,
       mt.calendar_sequence AS "calendarSequence", rg.name AS "regionName"`;

/**
 * Owns the SQL on outreach_sends and due_reminders, the audiences of host requests, invitations and reminders
 * (queries over contacts for the engine's snapshot), and the one change sends make to a meeting (planned →
 * invited). The meetings themselves are the meetings service's.
 */
@Injectable()
export class OutreachSendsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private mgr(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  // ── sends ─────────────────────────────────────────────────────────────────────────────────────────────

  async insert(m: EntityManager, values: OutreachSendValues): Promise<string> {
    const repo = m.getRepository(OutreachSend);
    const saved = await repo.save(repo.create({ ...values, status: 'draft' }));
    return saved.id;
  }

  async find(id: string, m?: EntityManager): Promise<OutreachSend | null> {
    return this.mgr(m).getRepository(OutreachSend).findOne({ where: { id } });
  }

  /** The send locked for a change (SELECT … FOR UPDATE): the feature's record, locked before any mailing. */
  async lock(m: EntityManager, id: string): Promise<OutreachSend | null> {
    return m
      .getRepository(OutreachSend)
      .createQueryBuilder('s')
      .where('s.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async lockById(m: EntityManager, id: string): Promise<void> {
    await m.query(`SELECT 1 FROM outreach_sends WHERE id = $1 FOR UPDATE`, [id]);
  }

  async update(m: EntityManager, id: string, values: Partial<OutreachSendValues>): Promise<void> {
    await m.getRepository(OutreachSend).update({ id }, values);
  }

  async markStarted(m: EntityManager, id: string, mailingId: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE outreach_sends SET status = 'sending', mailing_id = $2, started_at = $3, updated_at = now()
        WHERE id = $1`,
      [id, mailingId, at],
    );
  }

  /** Sets the status, only from the given ones; answers whether it changed. */
  async setStatus(
    m: EntityManager,
    id: string,
    to: OutreachStatus,
    from: readonly OutreachStatus[],
  ): Promise<boolean> {
    const [rows]: [unknown[], number] = await m.query(
      `UPDATE outreach_sends SET status = $2, updated_at = now() WHERE id = $1 AND status = ANY($3::text[])
       RETURNING id`,
      [id, to, from],
    );
    return rows.length > 0;
  }

  async list(where: { roundId?: string; meetingId?: string; kind?: OutreachKind }): Promise<OutreachSend[]> {
    return this.dataSource.getRepository(OutreachSend).find({
      where: {
        ...(where.roundId ? { roundId: where.roundId } : {}),
        ...(where.meetingId ? { meetingId: where.meetingId } : {}),
        ...(where.kind ? { kind: where.kind } : {}),
      },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  /** The send a mailing belongs to, and whether it is one of its reminders (null: not an outreach mailing). */
  async ofMailing(
    mailingId: string,
  ): Promise<{ send: OutreachSend; reminder: { kind: ReminderKind; sequence: number } | null } | null> {
    const [row]: { sendId: string; kind: ReminderKind | null; sequence: number | null }[] =
      await this.dataSource.query(
        `SELECT s.id AS "sendId", r.kind, r.sequence
           FROM mailings ml
           JOIN outreach_sends s ON s.id = ml.scope_id AND ml.scope_type IN ('host_request', 'invitation')
           LEFT JOIN due_reminders r ON r.mailing_id = ml.id
          WHERE ml.id = $1`,
        [mailingId],
      );
    if (!row) return null;
    const send = await this.find(row.sendId);
    if (!send) return null;
    return { send, reminder: row.kind ? { kind: row.kind, sequence: row.sequence ?? 1 } : null };
  }

  // ── meetings, as sends see them ───────────────────────────────────────────────────────────────────────

  async meeting(id: string, m?: EntityManager): Promise<MeetingRow | null> {
    const [row]: MeetingRow[] = await this.mgr(m).query(
      `SELECT ${MEETING_COLUMNS} FROM meetings mt JOIN regions rg ON rg.id = mt.region_id WHERE mt.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** A meeting whose invitation went out: planned → invited (another status stays as it is). */
  async markMeetingInvited(m: EntityManager, meetingId: string): Promise<void> {
    await m.query(
      `UPDATE meetings SET status = 'invited', updated_at = now() WHERE id = $1 AND status = 'planned'`,
      [meetingId],
    );
  }

  // ── reminders ─────────────────────────────────────────────────────────────────────────────────────────

  async insertReminders(
    m: EntityManager,
    sendId: string,
    reminders: { kind: ReminderKind; sequence: number; dueAt: Date }[],
  ): Promise<void> {
    for (const r of reminders) {
      await m.query(
        `INSERT INTO due_reminders (send_id, kind, sequence, due_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (send_id, kind, sequence) DO NOTHING`,
        [sendId, r.kind, r.sequence, r.dueAt],
      );
    }
  }

  async remindersOf(sendId: string, m?: EntityManager): Promise<ReminderRow[]> {
    return this.mgr(m).query(
      `SELECT ${REMINDER_COLUMNS} FROM due_reminders r WHERE r.send_id = $1 ORDER BY r.due_at, r.kind, r.sequence`,
      [sendId],
    );
  }

  /**
   * The next due reminder, claimed: it and its send locked with SKIP LOCKED, so a second worker (or a second
   * run) passes it by instead of waiting, and never waits in a way that could deadlock with staff. Only
   * reminders not yet started nor skipped, of sends not paused.
   */
  async claimDueReminder(m: EntityManager, now: Date): Promise<ReminderRow | null> {
    const [row]: ReminderRow[] = await m.query(
      `SELECT ${REMINDER_COLUMNS}
         FROM due_reminders r JOIN outreach_sends s ON s.id = r.send_id
        WHERE r.mailing_id IS NULL AND r.skipped_reason IS NULL AND r.due_at <= $1
          AND s.status IN ('sending', 'sent', 'cancelled')
        ORDER BY r.due_at, r.id
        LIMIT 1
        FOR UPDATE OF r, s SKIP LOCKED`,
      [now],
    );
    return row ?? null;
  }

  async markReminderStarted(m: EntityManager, id: string, mailingId: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE due_reminders SET mailing_id = $2, started_at = $3 WHERE id = $1 AND mailing_id IS NULL`,
      [id, mailingId, at],
    );
  }

  async skipReminder(m: EntityManager, id: string, reason: string): Promise<void> {
    await m.query(
      `UPDATE due_reminders SET skipped_reason = $2 WHERE id = $1 AND mailing_id IS NULL AND skipped_reason IS NULL`,
      [id, reason],
    );
  }

  /** Every reminder of a send not yet started is skipped with the reason (a cancelled send). */
  async skipOpenReminders(m: EntityManager, sendId: string, reason: string): Promise<number> {
    const [rows]: [unknown[], number] = await m.query(
      `UPDATE due_reminders SET skipped_reason = $2
        WHERE send_id = $1 AND mailing_id IS NULL AND skipped_reason IS NULL RETURNING id`,
      [sendId, reason],
    );
    return rows.length;
  }

  /** The started invitations of a meeting with an attending reminder, locked (meeting moved: reschedule). */
  async lockAttendingSends(
    m: EntityManager,
    meetingId: string,
  ): Promise<{ id: string; remindAttendingDaysBefore: number }[]> {
    return m.query(
      `SELECT id, remind_attending_days_before AS "remindAttendingDaysBefore" FROM outreach_sends
        WHERE meeting_id = $1 AND remind_attending_days_before IS NOT NULL
          AND status IN ('sending', 'sent', 'paused')
        ORDER BY id FOR UPDATE`,
      [meetingId],
    );
  }

  /**
   * The attending reminder of a send moved to `dueAt` (written anew if it had been left out or skipped because
   * its time had passed); one already started stays as it was.
   */
  async moveAttendingReminder(m: EntityManager, sendId: string, dueAt: Date): Promise<void> {
    await m.query(
      `INSERT INTO due_reminders (send_id, kind, sequence, due_at) VALUES ($1, 'attending', 1, $2)
       ON CONFLICT (send_id, kind, sequence) DO UPDATE SET due_at = excluded.due_at, skipped_reason = NULL
        WHERE due_reminders.mailing_id IS NULL`,
      [sendId, dueAt],
    );
  }

  /** The attending reminder of a send, when the meeting moved so close that its time has passed. */
  async skipAttendingReminder(m: EntityManager, sendId: string, reason: string): Promise<void> {
    await m.query(
      `UPDATE due_reminders SET skipped_reason = $2
        WHERE send_id = $1 AND kind = 'attending' AND mailing_id IS NULL AND skipped_reason IS NULL`,
      [sendId, reason],
    );
  }

  // ── templates ─────────────────────────────────────────────────────────────────────────────────────────

  /** The built-in template for a purpose: the one with `key` if there is one, else the first by key. */
  async builtInTemplateId(
    purpose: MessagePurpose,
    key: string | null,
    m?: EntityManager,
  ): Promise<string | null> {
    const [row]: { id: string }[] = await this.mgr(m).query(
      `SELECT id FROM templates
        WHERE built_in_key IS NOT NULL AND purpose = $1 AND NOT archived
        ORDER BY (built_in_key = $2) DESC, built_in_key LIMIT 1`,
      [purpose, key],
    );
    return row?.id ?? null;
  }

  // ── audiences (queries over contacts `c`, resolved inside the snapshot's transaction) ───────────────

  /**
   * A host request's recipients: contacts with an address in an organisation of kind `region` whose roles
   * overlap the chosen ones, in a region (their own or their organisation's), only the chosen regions if any.
   */
  hostRequestAudience(m: EntityManager, audience: HostRequestAudience): SelectQueryBuilder<Contact> {
    const qb = m
      .getRepository(Contact)
      .createQueryBuilder('c')
      .innerJoin('c.organization', 'hr_o')
      .where(`hr_o.kind = 'region'`)
      .andWhere('c.roles && CAST(:hrRoles AS text[])', { hrRoles: audience.roles })
      .andWhere('coalesce(c.region_id, hr_o.region_id) IS NOT NULL');
    if (audience.regionIds && audience.regionIds.length > 0)
      qb.andWhere('coalesce(c.region_id, hr_o.region_id) = ANY(CAST(:hrRegions AS smallint[]))', {
        hrRegions: audience.regionIds,
      });
    return qb;
  }

  /** Per region, the first person a host request's mailing will go to (rows not suppressed). */
  async firstRecipientPerRegion(
    m: EntityManager,
    mailingId: string,
  ): Promise<{ regionId: number; contactId: string }[]> {
    return m.query(
      `SELECT DISTINCT ON (coalesce(c.region_id, o.region_id))
              coalesce(c.region_id, o.region_id) AS "regionId", r.contact_id AS "contactId"
         FROM mailing_recipients r
         JOIN contacts c ON c.id = r.contact_id
         LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE r.mailing_id = $1 AND r.status <> 'suppressed' AND coalesce(c.region_id, o.region_id) IS NOT NULL
        ORDER BY coalesce(c.region_id, o.region_id), r.id`,
      [mailingId],
    );
  }

  /**
   * A host request's no-answer reminder: those its first mailing reached (sent) who have not answered, in a
   * region still waiting for an answer (one colleague's answer, or staff setting the status, ends the wait
   * for the region). Suppression is checked by the engine at snapshot and at send.
   */
  hostNoAnswerAudience(
    m: EntityManager,
    firstMailingId: string,
    roundId: string,
  ): SelectQueryBuilder<Contact> {
    return m
      .getRepository(Contact)
      .createQueryBuilder('c')
      .where(
        `c.id IN (SELECT rem_r.contact_id FROM mailing_recipients rem_r
                   WHERE rem_r.mailing_id = :remFirst AND rem_r.status = 'sent')`,
        { remFirst: firstMailingId },
      )
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM host_responses rem_h WHERE rem_h.round_id = :remRound AND rem_h.contact_id = c.id)`,
        { remRound: roundId },
      )
      .andWhere(
        `EXISTS (SELECT 1 FROM round_regions rem_rr
                  WHERE rem_rr.round_id = :remRound AND rem_rr.status = 'asked'
                    AND rem_rr.region_id = coalesce(c.region_id,
                          (SELECT rem_o.region_id FROM organizations rem_o WHERE rem_o.id = c.organization_id)))`,
      );
  }

  /**
   * An invitation's reminders: no_answer goes to invitees the invitation reached (sent) whose state is still
   * `invited`; attending to those whose state is `yes`.
   */
  invitationReminderAudience(
    m: EntityManager,
    kind: ReminderKind,
    firstMailingId: string,
    meetingId: string,
  ): SelectQueryBuilder<Contact> {
    return m
      .getRepository(Contact)
      .createQueryBuilder('c')
      .where(
        `c.id IN (SELECT rem_r.contact_id FROM mailing_recipients rem_r
                   WHERE rem_r.mailing_id = :remFirst AND rem_r.status = 'sent')`,
        { remFirst: firstMailingId },
      )
      .andWhere(
        `EXISTS (SELECT 1 FROM meeting_responses rem_mr
                  WHERE rem_mr.meeting_id = :remMeeting AND rem_mr.contact_id = c.id AND rem_mr.state = :remState)`,
        { remMeeting: meetingId, remState: kind === 'attending' ? 'yes' : 'invited' },
      );
  }
}
