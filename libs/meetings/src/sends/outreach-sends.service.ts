import { AuditActor, AuditService } from '@app/audit';
import { AppException, Clock, isValidEmail, normaliseEmail } from '@app/common';
import { AudienceService, Contact, ORGANIZATION_KINDS } from '@app/crm';
import { MessagePurpose, TemplateCompiler, TemplatesService } from '@app/mail';
import {
  AudienceSource,
  LedgerRepository,
  MailingLifecycle,
  MailingProgress,
  MailingScope,
  MailingSpec,
} from '@app/sending';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { MeetingResponsesRepository } from '../responses/meeting-responses.repository';
import { HostingStatusService } from '../rounds/hosting-status.service';
import { RoundsRepository } from '../rounds/rounds.repository';
import { ReminderKind } from './due-reminder.entity';
import {
  HostRequestAudience,
  InvitationAudience,
  OutreachKind,
  OutreachSend,
  OutreachStatus,
} from './outreach-send.entity';
import {
  MeetingRow,
  OutreachSendsRepository,
  OutreachSendValues,
  ReminderRow,
} from './outreach-sends.repository';

const ZONE = 'Europe/Stockholm';

export const OUTREACH_STATUS_LABELS: Record<OutreachStatus, string> = {
  draft: 'Utkast',
  sending: 'Skickas',
  sent: 'Skickat',
  paused: 'Pausat',
  cancelled: 'Avbrutet',
};

export const OUTREACH_KIND_LABELS: Record<OutreachKind, string> = {
  host_request: 'Värdförfrågan',
  invitation: 'Inbjudan',
};

/** The built-in templates a host request uses when staff choose none. */
export const HOST_REQUEST_TEMPLATE_KEY = 'vardforfragan';
export const HOST_REQUEST_REMINDER_TEMPLATE_KEY = 'vardforfragan-paminnelse';

/** The skip reasons of reminders (Swedish: staff read them). */
export const REMINDER_SKIPPED = {
  sendCancelled: 'Utskicket avbröts',
  meetingCancelled: 'Mötet är inställt',
  meetingStarted: 'Mötet har redan börjat',
  rsvpDeadlinePassed: 'Sista svarsdag har passerat',
  roundDeadlinePassed: 'Sista svarsdag för värdförfrågan har passerat',
  attendingPast: 'Mötet flyttades så att påminnelsens tid redan har passerat',
} as const;

/** What staff give for a send; everything optional on an update. */
export interface OutreachSendInput {
  title?: string;
  templateId?: string;
  reminderTemplateId?: string | null;
  subject?: string | null;
  fromName: string;
  fromAddress: string;
  replyTo?: string | null;
  remindAfterDays?: number | null;
  maxReminders?: number;
  remindAttendingDaysBefore?: number | null;
  audience?: HostRequestAudience | InvitationAudience;
}

export type OutreachSendPatch = Partial<OutreachSendInput>;

export interface OutreachSendView extends Omit<OutreachSend, 'audience'> {
  kindLabel: string;
  statusLabel: string;
  audience: HostRequestAudience & InvitationAudience;
}

export interface ReminderProgress extends ReminderRow {
  progress: MailingProgress | null;
}

export interface OutreachProgress {
  status: OutreachStatus;
  statusLabel: string;
  /** The first mailing (the request or the invitation); null before the send starts. */
  first: MailingProgress | null;
  reminders: ReminderProgress[];
}

/** The mailing scope of a send: its kind and its own id (the first mailing and every reminder share it). */
export function scopeOf(send: Pick<OutreachSend, 'kind' | 'id'>): MailingScope {
  return { type: send.kind, id: send.id };
}

/** `n` days after (or before, negative) a moment, on the same wall-clock time in Stockholm. */
export function daysFrom(at: Date, n: number): Date {
  return DateTime.fromJSDate(at, { zone: ZONE }).plus({ days: n }).toJSDate();
}

/**
 * A query builder's SQL as a subquery that can sit inside another builder: its positional parameters renamed
 * to named ones with `prefix`, so several audiences (two segments filtering on the same field) never clash.
 */
function asSubquery(
  qb: SelectQueryBuilder<Contact>,
  prefix: string,
): { sql: string; params: Record<string, unknown> } {
  const [sql, values] = qb.clone().select('c.id').orderBy().getQueryAndParameters();
  const params: Record<string, unknown> = {};
  values.forEach((v, i) => (params[`${prefix}_${i + 1}`] = v));
  return { sql: sql.replace(/\$(\d+)/g, (_, n: string) => `:${prefix}_${n}`), params };
}

/**
 * Host requests (to a round's regions) and invitations (to a meeting): drafts, then start, pause, resume and
 * cancel. The sending itself is the engine's (MailingLifecycle), in the same transaction as the send's own
 * record, under a row lock on the send: the send, then its mailings, the order every change takes.
 */
@Injectable()
export class OutreachSendsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sends: OutreachSendsRepository,
    private readonly rounds: RoundsRepository,
    private readonly hosting: HostingStatusService,
    private readonly responses: MeetingResponsesRepository,
    private readonly audiences: AudienceService,
    private readonly templates: TemplatesService,
    private readonly compiler: TemplateCompiler,
    private readonly lifecycle: MailingLifecycle,
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  // ── drafts ────────────────────────────────────────────────────────────────────────────────────────────

  async createHostRequest(
    roundId: string,
    input: OutreachSendInput,
    actor: AuditActor,
  ): Promise<OutreachSendView> {
    const round = await this.rounds.findRound(roundId);
    if (!round) throw AppException.notFound('Omgången', roundId);
    const values = await this.checked(this.dataSource.manager, {
      kind: 'host_request',
      roundId,
      meetingId: null,
      defaultTitle: `Värdförfrågan ${round.name}`,
      input,
    });
    return this.created(values, actor);
  }

  async createInvitation(
    meetingId: string,
    input: OutreachSendInput,
    actor: AuditActor,
  ): Promise<OutreachSendView> {
    const meeting = await this.sends.meeting(meetingId);
    if (!meeting) throw AppException.notFound('Mötet', meetingId);
    if (meeting.status === 'cancelled' || meeting.status === 'held')
      throw AppException.conflict(
        `Mötet är ${meeting.status === 'cancelled' ? 'inställt' : 'redan genomfört'}`,
      );
    const values = await this.checked(this.dataSource.manager, {
      kind: 'invitation',
      roundId: meeting.roundId,
      meetingId,
      defaultTitle: `Inbjudan ${meeting.title}`,
      input,
    });
    return this.created(values, actor);
  }

  async update(id: string, patch: OutreachSendPatch, actor: AuditActor): Promise<OutreachSendView> {
    await this.dataSource.transaction(async (m) => {
      const send = await this.locked(m, id);
      if (send.status !== 'draft')
        throw AppException.conflict(
          `Utskicket är ${OUTREACH_STATUS_LABELS[send.status].toLowerCase()} och kan inte längre ändras`,
          { status: send.status },
        );
      const values = await this.checked(m, {
        kind: send.kind,
        roundId: send.roundId,
        meetingId: send.meetingId,
        defaultTitle: send.title,
        input: {
          title: patch.title ?? send.title,
          templateId: patch.templateId ?? send.templateId,
          reminderTemplateId:
            patch.reminderTemplateId === undefined ? send.reminderTemplateId : patch.reminderTemplateId,
          subject: patch.subject === undefined ? send.subject : patch.subject,
          fromName: patch.fromName ?? send.fromName,
          fromAddress: patch.fromAddress ?? send.fromAddress,
          replyTo: patch.replyTo === undefined ? send.replyTo : patch.replyTo,
          remindAfterDays: patch.remindAfterDays === undefined ? send.remindAfterDays : patch.remindAfterDays,
          maxReminders: patch.maxReminders ?? send.maxReminders,
          remindAttendingDaysBefore:
            patch.remindAttendingDaysBefore === undefined
              ? send.remindAttendingDaysBefore
              : patch.remindAttendingDaysBefore,
          audience: patch.audience ?? send.audience,
        },
      });
      await this.sends.update(m, id, values);
      await this.audit.record(
        {
          action: 'outreach.updated',
          actor,
          targetType: 'outreach_send',
          targetId: id,
          details: { ...patch },
        },
        m,
      );
    });
    return this.get(id);
  }

  async get(id: string): Promise<OutreachSendView> {
    const send = await this.sends.find(id);
    if (!send) throw AppException.notFound('Utskicket', id);
    return this.view(send);
  }

  async listOfRound(roundId: string, kind?: OutreachKind): Promise<OutreachSendView[]> {
    if (!(await this.rounds.findRound(roundId))) throw AppException.notFound('Omgången', roundId);
    return (await this.sends.list({ roundId, kind })).map((s) => this.view(s));
  }

  async listOfMeeting(meetingId: string): Promise<OutreachSendView[]> {
    if (!(await this.sends.meeting(meetingId))) throw AppException.notFound('Mötet', meetingId);
    return (await this.sends.list({ meetingId })).map((s) => this.view(s));
  }

  // ── sending ───────────────────────────────────────────────────────────────────────────────────────────

  /**
   * draft → sending: the first mailing starts with its audience snapshotted, and in the same transaction the
   * regions asked move to `asked` (host request) or the invitees are recorded and the meeting is `invited`
   * (invitation), and the reminders are written with their times. Enqueued after the commit. A second start
   * (two staff at once) waits for the lock, then finds the send started and changes nothing.
   */
  async start(id: string, actor: AuditActor): Promise<OutreachProgress> {
    const started = await this.dataSource.transaction(async (m) => {
      const send = await this.locked(m, id);
      if (send.status === 'sending' || send.status === 'sent') return null;
      if (send.status !== 'draft')
        throw AppException.conflict(
          `Utskicket är ${OUTREACH_STATUS_LABELS[send.status].toLowerCase()} och kan inte startas${send.status === 'paused' ? '; återuppta det i stället' : ''}`,
          { status: send.status },
        );
      const template = await this.templates.findTemplate(send.templateId, m);
      if (!template?.currentVersionId)
        throw AppException.conflict('Utskickets mall har ingen sparad version att skicka');
      const now = this.clock.now();
      const meeting = send.meetingId ? await this.startableMeeting(m, send.meetingId, now) : null;
      const spec: MailingSpec = {
        purpose: send.kind,
        scope: scopeOf(send),
        title: send.title,
        templateVersionId: template.currentVersionId,
        subject: send.subject,
        fromName: send.fromName,
        fromAddress: send.fromAddress,
        replyTo: send.replyTo,
        rateLimitPerMinute: null,
      };
      const audience: AudienceSource =
        send.kind === 'host_request'
          ? async (mm) => this.sends.hostRequestAudience(mm, send.audience as HostRequestAudience)
          : (mm) => this.invitationAudience(mm, send.audience as InvitationAudience);
      const { mailingId, counts } = await this.lifecycle.start(m, spec, audience);
      await this.sends.markStarted(m, id, mailingId, now);
      let regionsAsked = 0;
      let invited = 0;
      if (send.kind === 'host_request') {
        for (const { regionId, contactId } of await this.sends.firstRecipientPerRegion(m, mailingId)) {
          const moved = await this.hosting.change(m, {
            roundId: send.roundId,
            regionId,
            to: 'asked',
            cause: 'request_sent',
            contactId,
            actor,
            onlyFrom: ['not_asked', 'asked'],
          });
          if (moved.to === 'asked') regionsAsked++;
        }
      } else if (meeting) {
        const contacts = (await this.ledger.contactsOf(m, mailingId))
          .filter((r) => r.status !== 'suppressed')
          .map((r) => r.contactId);
        invited = await this.responses.recordInvited(m, meeting.id, contacts);
        await this.sends.markMeetingInvited(m, meeting.id);
      }
      await this.sends.insertReminders(m, id, this.reminderTimes(send, now, meeting));
      await this.audit.record(
        {
          action: 'outreach.started',
          actor,
          targetType: 'outreach_send',
          targetId: id,
          details: {
            kind: send.kind,
            templateVersionId: template.currentVersionId,
            recipients: counts.pending,
            suppressed: counts.suppressed,
            ...(send.kind === 'host_request' ? { regionsAsked } : { invited }),
          },
        },
        m,
      );
      return { mailingId, empty: counts.pending === 0 };
    });
    if (started) await this.afterStart(started.mailingId, started.empty);
    return this.progress(id);
  }

  /** Queues a started mailing; one with nobody to send to is finished at once (its feature hears of it). */
  async afterStart(mailingId: string, empty: boolean): Promise<void> {
    await this.lifecycle.enqueue(mailingId);
    if (empty) await this.lifecycle.finishIfDone(mailingId);
  }

  /** → paused: every mailing of the send still sending (the first one, a reminder) stops being claimed. */
  async pause(id: string, actor: AuditActor, reason?: string): Promise<OutreachProgress> {
    await this.dataSource.transaction(async (m) => {
      const send = await this.locked(m, id);
      if (send.status === 'paused') return;
      const sending = (await this.ledger.mailingsOfScope(scopeOf(send))).filter(
        (x) => x.status === 'sending',
      );
      if (send.status !== 'sending' && sending.length === 0)
        throw AppException.conflict(
          `Utskicket är ${OUTREACH_STATUS_LABELS[send.status].toLowerCase()} och kan inte pausas`,
          { status: send.status },
        );
      const why = reason?.trim() || 'Pausat av personal';
      for (const mailing of sending) await this.lifecycle.pause(m, mailing.id, why);
      await this.sends.setStatus(m, id, 'paused', ['sending', 'sent']);
      await this.audit.record(
        {
          action: 'outreach.paused',
          actor,
          targetType: 'outreach_send',
          targetId: id,
          details: { reason: why },
        },
        m,
      );
    });
    return this.progress(id);
  }

  /** paused → sending (or sent, when only a reminder was paused); its mailings are queued again. */
  async resume(id: string, actor: AuditActor): Promise<OutreachProgress> {
    const resumed = await this.dataSource.transaction(async (m) => {
      const send = await this.locked(m, id);
      if (send.status === 'sending') return [];
      if (send.status !== 'paused')
        throw AppException.conflict(
          `Utskicket är ${OUTREACH_STATUS_LABELS[send.status].toLowerCase()} och kan inte återupptas`,
          { status: send.status },
        );
      const mailings = await this.ledger.mailingsOfScope(scopeOf(send));
      const paused = mailings.filter((x) => x.status === 'paused');
      for (const mailing of paused) await this.lifecycle.resume(m, mailing.id);
      const first = mailings.find((x) => x.id === send.mailingId);
      const to: OutreachStatus = first && first.status === 'finished' ? 'sent' : 'sending';
      await this.sends.setStatus(m, id, to, ['paused']);
      await this.audit.record(
        { action: 'outreach.resumed', actor, targetType: 'outreach_send', targetId: id },
        m,
      );
      return paused.map((x) => x.id);
    });
    for (const mailingId of resumed) await this.lifecycle.enqueue(mailingId);
    return this.progress(id);
  }

  /**
   * → cancelled: its mailings still sending or paused stop (rows not sent stay for the record), and every
   * reminder not yet started is skipped. A send already sent may be cancelled: that stops its reminders.
   */
  async cancel(id: string, actor: AuditActor): Promise<OutreachProgress> {
    await this.dataSource.transaction(async (m) => {
      const send = await this.locked(m, id);
      if (send.status === 'cancelled') return;
      for (const mailing of await this.ledger.mailingsOfScope(scopeOf(send))) {
        if (mailing.status === 'sending' || mailing.status === 'paused')
          await this.lifecycle.cancel(m, mailing.id);
      }
      const skipped = await this.sends.skipOpenReminders(m, id, REMINDER_SKIPPED.sendCancelled);
      await this.sends.setStatus(m, id, 'cancelled', ['draft', 'sending', 'sent', 'paused']);
      await this.audit.record(
        {
          action: 'outreach.cancelled',
          actor,
          targetType: 'outreach_send',
          targetId: id,
          details: { previousStatus: send.status, remindersSkipped: skipped },
        },
        m,
      );
    });
    return this.progress(id);
  }

  /** The send's status, its first mailing's progress and each reminder's, started or not. */
  async progress(id: string): Promise<OutreachProgress> {
    const send = await this.sends.find(id);
    if (!send) throw AppException.notFound('Utskicket', id);
    const reminders = await this.sends.remindersOf(id);
    return {
      status: send.status,
      statusLabel: OUTREACH_STATUS_LABELS[send.status],
      first: send.mailingId ? await this.lifecycle.progress(send.mailingId) : null,
      reminders: await Promise.all(
        reminders.map(async (r) => ({
          ...r,
          progress: r.mailingId ? await this.lifecycle.progress(r.mailingId) : null,
        })),
      ),
    };
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────────────────

  /**
   * An invitation's audience through the CRM's AudienceService: anyone in one of the lists, segments, picked
   * contacts or organisations of the chosen kinds (each part a subquery of its own).
   */
  async invitationAudience(
    m: EntityManager,
    audience: InvitationAudience,
  ): Promise<SelectQueryBuilder<Contact>> {
    const parts: { sql: string; params: Record<string, unknown> }[] = [];
    let n = 0;
    for (const listId of audience.listIds ?? [])
      parts.push(asSubquery(await this.audiences.queryFor({ listId }, m), `inv${n++}`));
    for (const segmentId of audience.segmentIds ?? [])
      parts.push(asSubquery(await this.audiences.queryFor({ segmentId }, m), `inv${n++}`));
    if (audience.contactIds?.length)
      parts.push(
        asSubquery(await this.audiences.queryFor({ contactIds: audience.contactIds }, m), `inv${n++}`),
      );
    for (const kind of audience.organizationKinds ?? []) {
      const filter = { organizationKind: kind as (typeof ORGANIZATION_KINDS)[number] };
      parts.push(asSubquery(await this.audiences.queryFor({ filter }, m), `inv${n++}`));
    }
    const qb = m.getRepository(Contact).createQueryBuilder('c');
    if (parts.length === 0) return qb.where('false');
    return qb.where(
      new Brackets((or) => {
        for (const p of parts) or.orWhere(`c.id IN (${p.sql})`, p.params);
      }),
    );
  }

  private reminderTimes(
    send: OutreachSend,
    startedAt: Date,
    meeting: MeetingRow | null,
  ): { kind: ReminderKind; sequence: number; dueAt: Date }[] {
    const out: { kind: ReminderKind; sequence: number; dueAt: Date }[] = [];
    if (send.remindAfterDays)
      for (let k = 1; k <= send.maxReminders; k++)
        out.push({ kind: 'no_answer', sequence: k, dueAt: daysFrom(startedAt, k * send.remindAfterDays) });
    if (meeting && send.remindAttendingDaysBefore) {
      const dueAt = daysFrom(meeting.startsAt, -send.remindAttendingDaysBefore);
      if (dueAt.getTime() > startedAt.getTime()) out.push({ kind: 'attending', sequence: 1, dueAt });
    }
    return out;
  }

  private async startableMeeting(m: EntityManager, meetingId: string, now: Date): Promise<MeetingRow> {
    const meeting = await this.sends.meeting(meetingId, m);
    if (!meeting) throw AppException.notFound('Mötet', meetingId);
    if (meeting.status === 'cancelled')
      throw AppException.conflict('Mötet är inställt; inbjudan kan inte skickas');
    if (meeting.status === 'held' || meeting.startsAt.getTime() <= now.getTime())
      throw AppException.conflict('Mötet har redan börjat; inbjudan kan inte skickas');
    return meeting;
  }

  private async created(values: OutreachSendValues, actor: AuditActor): Promise<OutreachSendView> {
    const id = await this.dataSource.transaction(async (m) => {
      const id = await this.sends.insert(m, values);
      await this.audit.record(
        {
          action: 'outreach.created',
          actor,
          targetType: 'outreach_send',
          targetId: id,
          details: {
            kind: values.kind,
            title: values.title,
            roundId: values.roundId,
            meetingId: values.meetingId,
          },
        },
        m,
      );
      return id;
    });
    return this.get(id);
  }

  private async locked(m: EntityManager, id: string): Promise<OutreachSend> {
    const send = await this.sends.lock(m, id);
    if (!send) throw AppException.notFound('Utskicket', id);
    return send;
  }

  private view(send: OutreachSend): OutreachSendView {
    return {
      ...send,
      audience: send.audience as HostRequestAudience & InvitationAudience,
      kindLabel: OUTREACH_KIND_LABELS[send.kind],
      statusLabel: OUTREACH_STATUS_LABELS[send.status],
    };
  }

  /** Everything the DTO cannot check: templates and their purposes, addresses, reminders, the audience. */
  private async checked(
    m: EntityManager,
    args: {
      kind: OutreachKind;
      roundId: string;
      meetingId: string | null;
      defaultTitle: string;
      input: OutreachSendInput;
    },
  ): Promise<OutreachSendValues> {
    const { kind, input } = args;
    const title = input.title?.trim() || args.defaultTitle;
    const mainPurpose: MessagePurpose = kind;
    const reminderPurpose: MessagePurpose = kind === 'host_request' ? 'host_request' : 'reminder';
    const templateId =
      input.templateId ??
      (await this.sends.builtInTemplateId(
        mainPurpose,
        kind === 'host_request' ? HOST_REQUEST_TEMPLATE_KEY : null,
        m,
      ));
    if (!templateId)
      throw AppException.validation(
        `templateId: välj en mall (det finns ingen inbyggd mall för ${OUTREACH_KIND_LABELS[kind].toLowerCase()})`,
        {
          field: 'templateId',
        },
      );
    await this.checkTemplate(m, 'templateId', templateId, mainPurpose);
    const remindAfterDays = input.remindAfterDays ?? null;
    const maxReminders = input.maxReminders ?? 0;
    const remindAttendingDaysBefore = input.remindAttendingDaysBefore ?? null;
    if (maxReminders > 0 && remindAfterDays === null)
      throw AppException.validation('remindAfterDays: ange efter hur många dagar påminnelsen går ut', {
        field: 'remindAfterDays',
      });
    if (kind === 'host_request' && remindAttendingDaysBefore !== null)
      throw AppException.validation(
        'remindAttendingDaysBefore: bara inbjudningar har påminnelser till dem som kommer',
        { field: 'remindAttendingDaysBefore' },
      );
    const wantsReminders = maxReminders > 0 || remindAttendingDaysBefore !== null;
    let reminderTemplateId = input.reminderTemplateId ?? null;
    if (reminderTemplateId === null && wantsReminders)
      reminderTemplateId = await this.sends.builtInTemplateId(
        reminderPurpose,
        kind === 'host_request' ? HOST_REQUEST_REMINDER_TEMPLATE_KEY : null,
        m,
      );
    if (reminderTemplateId === null && wantsReminders)
      throw AppException.validation('reminderTemplateId: välj en mall för påminnelserna', {
        field: 'reminderTemplateId',
      });
    if (reminderTemplateId !== null)
      await this.checkTemplate(m, 'reminderTemplateId', reminderTemplateId, reminderPurpose);
    const fromName = input.fromName?.trim() ?? '';
    if (!fromName) throw AppException.validation('fromName: ange avsändarens namn', { field: 'fromName' });
    const fromAddress = normaliseEmail(input.fromAddress ?? '');
    if (!isValidEmail(fromAddress))
      throw AppException.validation(`fromAddress: "${input.fromAddress}" är ingen giltig e-postadress`, {
        field: 'fromAddress',
      });
    const replyTo = input.replyTo?.trim() ? normaliseEmail(input.replyTo) : null;
    if (replyTo && !isValidEmail(replyTo))
      throw AppException.validation(`replyTo: "${input.replyTo}" är ingen giltig e-postadress`, {
        field: 'replyTo',
      });
    const subject = input.subject?.trim() ? input.subject.trim() : null;
    if (subject) this.compiler.compileSubject(subject, mainPurpose);
    const audience =
      kind === 'host_request'
        ? this.hostAudience(input.audience as HostRequestAudience | undefined)
        : await this.checkedInvitationAudience(m, input.audience as InvitationAudience | undefined);
    return {
      kind,
      roundId: args.roundId,
      meetingId: args.meetingId,
      title,
      templateId,
      reminderTemplateId,
      subject,
      fromName,
      fromAddress,
      replyTo,
      audience,
      remindAfterDays,
      maxReminders,
      remindAttendingDaysBefore,
    };
  }

  private async checkTemplate(
    m: EntityManager,
    field: string,
    id: string,
    purpose: MessagePurpose,
  ): Promise<void> {
    const template = await this.templates.findTemplate(id, m);
    if (!template) throw AppException.validation(`${field}: mallen finns inte (${id})`, { field });
    if (template.archived)
      throw AppException.validation(`${field}: mallen "${template.name}" är arkiverad`, { field });
    if (template.purpose !== purpose)
      throw AppException.validation(
        `${field}: mallen "${template.name}" är gjord för ett annat slags utskick (${template.purpose}); här behövs en mall för ${purpose}`,
        { field, purpose: template.purpose, expected: purpose },
      );
  }

  private hostAudience(audience: HostRequestAudience | undefined): HostRequestAudience {
    const roles = audience?.roles?.length ? [...new Set(audience.roles)] : ['kulturchef'];
    const regionIds = audience?.regionIds?.length ? [...new Set(audience.regionIds)] : undefined;
    return regionIds ? { roles, regionIds } : { roles };
  }

  private async checkedInvitationAudience(
    m: EntityManager,
    audience: InvitationAudience | undefined,
  ): Promise<InvitationAudience> {
    const a: InvitationAudience = {
      listIds: [...new Set(audience?.listIds ?? [])],
      segmentIds: [...new Set(audience?.segmentIds ?? [])],
      contactIds: [...new Set(audience?.contactIds ?? [])],
      organizationKinds: [...new Set(audience?.organizationKinds ?? [])],
    };
    const size =
      a.listIds!.length + a.segmentIds!.length + a.contactIds!.length + a.organizationKinds!.length;
    if (size === 0)
      throw AppException.validation(
        'audience: välj vilka som bjuds in (listor, segment, kontakter eller organisationstyper)',
        { field: 'audience' },
      );
    try {
      for (const listId of a.listIds!) await this.audiences.filterFor({ listId }, m);
      for (const segmentId of a.segmentIds!) await this.audiences.filterFor({ segmentId }, m);
    } catch (err) {
      if (err instanceof AppException)
        throw AppException.validation(`audience: ${err.message}`, { field: 'audience' });
      throw err;
    }
    const missing = await this.audiences.missingContacts(a.contactIds!, m);
    if (missing.length > 0)
      throw AppException.validation(`audience.contactIds: ${missing.length} kontakter finns inte`, {
        field: 'audience',
        missing,
      });
    return a;
  }
}
