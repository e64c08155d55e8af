import { AuditService } from '@app/audit';
import { Clock } from '@app/common';
import { TemplatesService } from '@app/mail';
import { DueSendsSource, MailingLifecycle, SendingPorts } from '@app/sending';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MeetingMovedHooks } from '../meetings/meeting-moved.hooks';
import { deadlinePassed } from '../rounds/response-deadline';
import { RoundsRepository } from '../rounds/rounds.repository';
import { OutreachSend } from './outreach-send.entity';
import { OutreachSendsRepository, ReminderRow } from './outreach-sends.repository';
import { daysFrom, OutreachSendsService, REMINDER_SKIPPED, scopeOf } from './outreach-sends.service';

/** How many due reminders one maintenance run handles at most (the next run takes the rest). */
const MAX_PER_RUN = 100;

type Claimed = { started: string; empty: boolean } | { skipped: string } | null;

/**
 * Reminders of host requests and invitations, started when due by the engine's maintenance job (any worker,
 * every run). Each due row is claimed with its send under SKIP LOCKED and gets its mailing in the same
 * transaction that creates the mailing, so a reminder starts once, however many workers ask or however often
 * the job runs, and survives restarts. Its audience is decided then: those who have not answered (no_answer)
 * or who said yes (attending); suppressed addresses are kept out by the engine, at the snapshot and at send.
 * Whoever answers after the start is withdrawn when their message's turn comes (OutreachRenderSources asks
 * the same rule again for each message), so a reminder never reaches someone who has answered.
 */
@Injectable()
export class OutreachReminders implements DueSendsSource, OnModuleInit {
  readonly name = 'outreach-reminders';
  private readonly logger = new Logger('OutreachReminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ports: SendingPorts,
    private readonly sends: OutreachSendsRepository,
    private readonly rounds: RoundsRepository,
    private readonly outreach: OutreachSendsService,
    private readonly templates: TemplatesService,
    private readonly lifecycle: MailingLifecycle,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly moved: MeetingMovedHooks,
  ) {}

  onModuleInit(): void {
    this.ports.registerDueSends(this);
    this.moved.register((m, meetingId) => this.rescheduleAttending(m, meetingId));
  }

  /** Starts (or skips, with the reason) every reminder due at `now`; answers the mailings it started. */
  async startDue(now: Date): Promise<string[]> {
    const started: string[] = [];
    for (let i = 0; i < MAX_PER_RUN; i++) {
      const claimed: Claimed = await this.dataSource.transaction(async (m) => {
        const reminder = await this.sends.claimDueReminder(m, now);
        if (!reminder) return null;
        return this.startOne(m, reminder, now);
      });
      if (claimed === null) break;
      if ('started' in claimed) {
        await this.outreach.afterStart(claimed.started, claimed.empty);
        started.push(claimed.started);
      }
    }
    if (started.length > 0) this.logger.log({ mailings: started }, 'Påminnelser startade');
    return started;
  }

  /**
   * A meeting moved: the attending reminders of its invitations follow (D days before the new start). One
   * already sent stays sent; one whose new time has passed is skipped with the reason. In the caller's
   * transaction (the meeting's change).
   */
  async rescheduleAttending(m: EntityManager, meetingId: string): Promise<void> {
    const meeting = await this.sends.meeting(meetingId, m);
    if (!meeting) return;
    const now = this.clock.now();
    for (const send of await this.sends.lockAttendingSends(m, meetingId)) {
      if (meeting.status === 'cancelled') {
        await this.sends.skipAttendingReminder(m, send.id, REMINDER_SKIPPED.meetingCancelled);
        continue;
      }
      const dueAt = daysFrom(meeting.startsAt, -send.remindAttendingDaysBefore);
      if (dueAt.getTime() > now.getTime()) await this.sends.moveAttendingReminder(m, send.id, dueAt);
      else await this.sends.skipAttendingReminder(m, send.id, REMINDER_SKIPPED.attendingPast);
    }
  }

  private async startOne(m: EntityManager, reminder: ReminderRow, now: Date): Promise<Claimed> {
    const send = await this.sends.find(reminder.sendId, m);
    if (!send || !send.mailingId) return this.skip(m, reminder, REMINDER_SKIPPED.sendCancelled);
    const reason = await this.skipReason(m, send, reminder, now);
    if (reason) return this.skip(m, reminder, reason);
    const templateId = send.reminderTemplateId;
    const template = templateId ? await this.templates.findTemplate(templateId, m) : null;
    if (!template?.currentVersionId)
      return this.skip(m, reminder, 'Påminnelsen har ingen mall med en sparad version');
    const firstMailingId = send.mailingId;
    const { mailingId, counts } = await this.lifecycle.start(
      m,
      {
        purpose: send.kind === 'host_request' ? 'host_request' : 'reminder',
        scope: scopeOf(send),
        title: `${send.title} – ${reminder.kind === 'attending' ? 'påminnelse före mötet' : `påminnelse ${reminder.sequence}`}`,
        templateVersionId: template.currentVersionId,
        subject: null,
        fromName: send.fromName,
        fromAddress: send.fromAddress,
        replyTo: send.replyTo,
        rateLimitPerMinute: null,
      },
      async (mm) =>
        send.kind === 'host_request'
          ? this.sends.hostNoAnswerAudience(mm, firstMailingId, send.roundId)
          : this.sends.invitationReminderAudience(mm, reminder.kind, firstMailingId, send.meetingId!),
    );
    await this.sends.markReminderStarted(m, reminder.id, mailingId, now);
    await this.audit.record(
      {
        action: 'outreach.reminder_started',
        targetType: 'outreach_send',
        targetId: send.id,
        details: {
          reminderId: reminder.id,
          kind: reminder.kind,
          sequence: reminder.sequence,
          mailingId,
          recipients: counts.pending,
          suppressed: counts.suppressed,
        },
      },
      m,
    );
    return { started: mailingId, empty: counts.pending === 0 };
  }

  private async skipReason(
    m: EntityManager,
    send: OutreachSend,
    reminder: ReminderRow,
    now: Date,
  ): Promise<string | null> {
    if (send.status === 'cancelled') return REMINDER_SKIPPED.sendCancelled;
    if (send.kind === 'invitation') {
      const meeting = send.meetingId ? await this.sends.meeting(send.meetingId, m) : null;
      if (!meeting || meeting.status === 'cancelled') return REMINDER_SKIPPED.meetingCancelled;
      if (meeting.status === 'held' || meeting.startsAt.getTime() <= now.getTime())
        return REMINDER_SKIPPED.meetingStarted;
      if (
        reminder.kind === 'no_answer' &&
        meeting.rsvpDeadline &&
        meeting.rsvpDeadline.getTime() <= now.getTime()
      )
        return REMINDER_SKIPPED.rsvpDeadlinePassed;
      return null;
    }
    const round = await this.rounds.findRound(send.roundId, m);
    if (!round || deadlinePassed(round.responseDeadline, now)) return REMINDER_SKIPPED.roundDeadlinePassed;
    return null;
  }

  private async skip(m: EntityManager, reminder: ReminderRow, reason: string): Promise<Claimed> {
    await this.sends.skipReminder(m, reminder.id, reason);
    await this.audit.record(
      {
        action: 'outreach.reminder_skipped',
        targetType: 'outreach_send',
        targetId: reminder.sendId,
        details: { reminderId: reminder.id, kind: reminder.kind, sequence: reminder.sequence, reason },
      },
      m,
    );
    return { skipped: reason };
  }
}
