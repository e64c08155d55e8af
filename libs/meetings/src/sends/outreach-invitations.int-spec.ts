import { Clock } from '@app/common';
import { TemplatesService } from '@app/mail';
import { LedgerRepository, MailingLifecycle, SendingMaintenance, SendingPorts } from '@app/sending';
import { DataSource } from 'typeorm';
import { startSink, Sink } from '../../../../test/support/smtp-sink';
import { createTestApp, TestApp } from '../../../../test/support/test-app';
import { MeetingReportsService } from '../reports/meeting-reports.service';
import { OutreachReminders } from './outreach-reminders';
import { OutreachSendsService } from './outreach-sends.service';
import { waitFor } from '../../../../test/support/wait-for';

const DAY = 24 * 3600 * 1000;
const STAFF = { userId: null, email: 'kansliet@example.se' };

const mjml = (body: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${body}</mj-text>` +
  `<mj-text><a href="{{unsubscribeUrl}}">Avsluta</a></mj-text></mj-column></mj-section></mj-body></mjml>`;

/**
 * Invitations as outreach sends: the invitees are recorded and the meeting is invited in the start's
 * transaction; the no-answer reminder goes to those still `invited`, the attending reminder to those who said
 * yes, each threaded to the person's invitation; a reminder with nobody in it finishes at once; attending
 * reminders follow a moved meeting; whoever answers after a reminder started is withdrawn, not reminded.
 */
describe('invitations and their reminders', () => {
  let sink: Sink;
  let t: TestApp;
  let db: DataSource;
  let sends: OutreachSendsService;
  let clock: Clock;
  let templates: { invitation: string; reminder: string };
  let roundId: string;

  const setNow = (at: Date) => jest.spyOn(clock, 'now').mockReturnValue(at);
  /**
   * Runs the due sends as a worker's maintenance run does, and answers the mailings of the send's reminders
   * started so far, oldest first, whoever started them: the app's own worker runs maintenance too (every 30 s,
   * on the clock the test moves), so counting what this call started would race with it.
   */
  const startDue = async (sendId: string): Promise<string[]> => {
    await t.app.get(SendingMaintenance).startDue();
    const rows: { mailingId: string }[] = await db.query(
      `SELECT mailing_id AS "mailingId" FROM due_reminders
        WHERE send_id = $1 AND mailing_id IS NOT NULL ORDER BY started_at, id`,
      [sendId],
    );
    return rows.map((r) => r.mailingId);
  };

  async function contact(first: string): Promise<string> {
    const [{ id }] = await db.query(
      `INSERT INTO contacts (first_name, last_name, email) VALUES ($1, 'Prov', lower($1) || '@exempel.se') RETURNING id`,
      [first],
    );
    return id;
  }

  async function meeting(startsAt: Date, rsvpDeadline: Date | null): Promise<string> {
    const [{ id }] = await db.query(
      `INSERT INTO meetings (round_id, region_id, title, starts_at, ends_at, city, rsvp_deadline)
       VALUES ($1, (SELECT id FROM regions WHERE name = 'Region Dalarna'), 'Dialogmöte Dalarna', $2, $3, 'Falun', $4)
       RETURNING id`,
      [roundId, startsAt, new Date(startsAt.getTime() + 2 * 3600_000), rsvpDeadline],
    );
    return id;
  }

  beforeAll(async () => {
    sink = await startSink();
    t = await createTestApp({ MAIL_TRANSPORT: 'smtp', SMTP_URL: sink.url, SEND_RATE_PER_MINUTE: '0' });
    db = t.dataSource;
    sends = t.app.get(OutreachSendsService);
    clock = t.app.get(Clock);
    // The invitation's own render source belongs to the meetings part; stand in for it if it is not there yet.
    const ports = t.app.get(SendingPorts);
    if (!ports.renderSourceFor('invitation')) {
      ports.registerRenderSource({
        purpose: 'invitation',
        extras: () => ({ variables: { 'meeting.title': 'Dialogmöte Dalarna' } }),
      });
    }
    const service = t.app.get(TemplatesService);
    const invitation = await service.create({
      name: 'Provinbjudan',
      purpose: 'invitation',
      sv: { subject: 'Inbjudan: {{meeting.title}}', mjml: mjml('Välkommen till {{meeting.title}}!') },
    });
    const reminder = await service.create({
      name: 'Provpåminnelse',
      purpose: 'reminder',
      sv: {
        subject: 'Påminnelse: {{meeting.title}}',
        mjml: mjml('{{meeting.title}} i {{meeting.city}} {{meeting.date}}. <a href="{{rsvpUrl}}">Svara</a>'),
      },
    });
    templates = { invitation: invitation.id, reminder: reminder.id };
    [{ id: roundId }] = await db.query(`INSERT INTO rounds (name) VALUES ('Inbjudningsprov') RETURNING id`);
    await db.query(`INSERT INTO round_regions (round_id, region_id) SELECT $1, id FROM regions`, [roundId]);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
    await sink?.close();
  });

  it('records the invitees, invites the meeting, and reminds the silent, then those coming, in their threads', async () => {
    const now = new Date();
    setNow(now);
    const [anna, bo, cilla] = [await contact('Anna'), await contact('Bo'), await contact('Cilla')];
    await db.query(
      `INSERT INTO suppressions (email_hash, reason, source) VALUES (email_hash('cilla@exempel.se'), 'unsubscribed', 'prov')`,
    );
    const meetingId = await meeting(new Date(now.getTime() + 20 * DAY), new Date(now.getTime() + 15 * DAY));
    const wrong = sends.createInvitation(
      meetingId,
      {
        fromName: 'Kansliet',
        fromAddress: 'kansli@example.se',
        templateId: templates.reminder,
        audience: { contactIds: [anna] },
      },
      STAFF,
    );
    await expect(wrong).rejects.toThrow('här behövs en mall för invitation');
    const send = await sends.createInvitation(
      meetingId,
      {
        fromName: 'Kansliet',
        fromAddress: 'kansli@example.se',
        templateId: templates.invitation,
        reminderTemplateId: templates.reminder,
        remindAfterDays: 2,
        maxReminders: 1,
        remindAttendingDaysBefore: 1,
        audience: { contactIds: [anna, bo, cilla] },
      },
      STAFF,
    );
    const started = await sends.start(send.id, STAFF);
    expect(started.reminders.map((r) => r.kind)).toEqual(['no_answer', 'attending']);
    const [m] = await db.query(`SELECT status FROM meetings WHERE id = $1`, [meetingId]);
    expect(m.status).toBe('invited');
    const invited: { contact_id: string; state: string }[] = await db.query(
      `SELECT contact_id, state FROM meeting_responses WHERE meeting_id = $1 ORDER BY contact_id`,
      [meetingId],
    );
    expect(invited.map((r) => r.contact_id).sort()).toEqual([anna, bo].sort());
    await waitFor(
      async () => (await sends.get(send.id)).status,
      (s) => s === 'sent',
    );
    expect(sink.received.map((r) => r.to).sort()).toEqual(['anna@exempel.se', 'bo@exempel.se']);
    const firstMailing = (await sends.get(send.id)).mailingId!;
    const ledger = t.app.get(LedgerRepository);

    // Anna says yes; two days later only Bo, still silent, is reminded, in the thread of his invitation.
    await db.query(`UPDATE meeting_responses SET answer = 'yes' WHERE meeting_id = $1 AND contact_id = $2`, [
      meetingId,
      anna,
    ]);
    sink.received.length = 0;
    setNow(new Date(now.getTime() + 2 * DAY + 3600_000));
    await Promise.all([startDue(send.id), startDue(send.id)]);
    expect(await startDue(send.id)).toHaveLength(1);
    await waitFor(
      () => sink.received.length,
      (n) => n >= 1,
    );
    expect(sink.received.map((r) => r.to)).toEqual(['bo@exempel.se']);
    const reminder = sink.received[0].parsed;
    expect(reminder.subject).toBe('Påminnelse: Dialogmöte Dalarna');
    expect(reminder.text).toContain('Dialogmöte Dalarna i Falun');
    expect(reminder.inReplyTo).toBe(`<${await ledger.messageIdOf(firstMailing, bo)}>`);
    expect(reminder.html).toMatch(/href="http:\/\/localhost:3000\/r\/[A-Za-z0-9_-]+"/);

    // The meeting moves two days later: the attending reminder follows, then goes to Anna (yes) only.
    const moved = new Date(now.getTime() + 22 * DAY);
    await db.query(`UPDATE meetings SET starts_at = $2, ends_at = $3 WHERE id = $1`, [
      meetingId,
      moved,
      new Date(moved.getTime() + 2 * 3600_000),
    ]);
    await db.transaction((mm) => t.app.get(OutreachReminders).rescheduleAttending(mm, meetingId));
    const [attending] = await db.query(
      `SELECT due_at FROM due_reminders WHERE send_id = $1 AND kind = 'attending'`,
      [send.id],
    );
    expect(new Date(attending.due_at).getTime()).toBe(moved.getTime() - DAY);
    sink.received.length = 0;
    setNow(new Date(moved.getTime() - DAY + 60_000));
    expect(await startDue(send.id)).toHaveLength(2);
    await waitFor(
      () => sink.received.length,
      (n) => n >= 1,
    );
    expect(sink.received.map((r) => r.to)).toEqual(['anna@exempel.se']);
    expect(sink.received[0].parsed.inReplyTo).toBe(`<${await ledger.messageIdOf(firstMailing, anna)}>`);
    expect(await startDue(send.id)).toHaveLength(2);
    jest.restoreAllMocks();
  });

  it('a reminder with nobody left to remind finishes at once; one after the RSVP deadline is skipped', async () => {
    const now = new Date();
    setNow(now);
    const dora = await contact('Dora');
    const meetingId = await meeting(new Date(now.getTime() + 30 * DAY), new Date(now.getTime() + 5 * DAY));
    const send = await sends.createInvitation(
      meetingId,
      {
        fromName: 'Kansliet',
        fromAddress: 'kansli@example.se',
        templateId: templates.invitation,
        reminderTemplateId: templates.reminder,
        remindAfterDays: 2,
        maxReminders: 3,
        audience: { contactIds: [dora] },
      },
      STAFF,
    );
    await sends.start(send.id, STAFF);
    await waitFor(
      async () => (await sends.get(send.id)).status,
      (s) => s === 'sent',
    );
    await db.query(`UPDATE meeting_responses SET answer = 'no' WHERE meeting_id = $1`, [meetingId]);
    setNow(new Date(now.getTime() + 2 * DAY + 60_000));
    const [mailingId] = await startDue(send.id);
    expect(mailingId).toBeDefined();
    // No waiting: the empty mailing was finished by the start itself.
    const progress = await sends.progress(send.id);
    expect(progress.reminders[0].progress).toMatchObject({ status: 'finished', total: 0 });
    expect(progress.status).toBe('sent');
    setNow(new Date(now.getTime() + 6 * DAY));
    expect(await startDue(send.id)).toHaveLength(1);
    const late = await sends.progress(send.id);
    expect(late.reminders.map((r) => r.skippedReason)).toEqual([
      null,
      'Sista svarsdag har passerat',
      'Sista svarsdag har passerat',
    ]);
    jest.restoreAllMocks();
  });

  it('withdraws a started reminder from whoever answered before their message went out; the others get theirs', async () => {
    const now = new Date();
    setNow(now);
    const [erik, fia, gun, hans] = [
      await contact('Erik'),
      await contact('Fia'),
      await contact('Gun'),
      await contact('Hans'),
    ];
    const meetingId = await meeting(new Date(now.getTime() + 6 * DAY), null);
    const send = await sends.createInvitation(
      meetingId,
      {
        fromName: 'Kansliet',
        fromAddress: 'kansli@example.se',
        templateId: templates.invitation,
        reminderTemplateId: templates.reminder,
        remindAfterDays: 2,
        maxReminders: 1,
        remindAttendingDaysBefore: 1,
        audience: { contactIds: [erik, fia, gun, hans] },
      },
      STAFF,
    );
    await sends.start(send.id, STAFF);
    await waitFor(
      async () => (await sends.get(send.id)).status,
      (s) => s === 'sent',
    );
    const answer = (contactId: string, value: string) =>
      db.query(`UPDATE meeting_responses SET answer = $3 WHERE meeting_id = $1 AND contact_id = $2`, [
        meetingId,
        contactId,
        value,
      ]);
    type Row = { contact_id: string; status: string; attempts: number; last_error: string | null };
    const rowsOf = async (mailingId: string) => {
      const rows: Row[] = await db.query(
        `SELECT contact_id, status, attempts, last_error FROM mailing_recipients WHERE mailing_id = $1`,
        [mailingId],
      );
      return new Map(rows.map((r) => [r.contact_id, r]));
    };
    // Starts what is due with the reminder's messages held: its mailing is paused before they are queued, the
    // answers come in, then it is resumed.
    const startHeld = async (meanwhile: () => Promise<unknown>): Promise<string> => {
      const afterStart = sends.afterStart.bind(sends);
      const held = jest.spyOn(sends, 'afterStart').mockImplementationOnce(async (mailingId, empty) => {
        await sends.pause(send.id, STAFF, 'Hålls i testet');
        await afterStart(mailingId, empty);
      });
      const mailingId = (await startDue(send.id)).at(-1)!;
      held.mockRestore();
      expect(mailingId).toBeDefined();
      await meanwhile();
      expect(sink.received).toHaveLength(0);
      await sends.resume(send.id, STAFF);
      await waitFor(
        () => t.app.get(MailingLifecycle).progress(mailingId),
        (p) => p.status === 'finished',
      );
      return mailingId;
    };

    // Hans says yes at once. Two days later the no-answer reminder starts for Erik, Fia and Gun; Fia says no
    // before her message goes out.
    await answer(hans, 'yes');
    sink.received.length = 0;
    setNow(new Date(now.getTime() + 2 * DAY + 60_000));
    const noAnswer = await startHeld(() => answer(fia, 'no'));
    expect(sink.received.map((r) => r.to).sort()).toEqual(['erik@exempel.se', 'gun@exempel.se']);
    let rows = await rowsOf(noAnswer);
    expect(rows.size).toBe(3);
    expect(rows.get(fia)).toMatchObject({
      status: 'withdrawn',
      attempts: 0,
      last_error: 'Personen har redan svarat: Kommer inte',
    });
    expect([rows.get(erik)?.status, rows.get(gun)?.status]).toEqual(['sent', 'sent']);
    const progress = await sends.progress(send.id);
    expect(progress.status).toBe('sent');
    expect(progress.reminders[0].progress?.counts).toMatchObject({ sent: 2, withdrawn: 1 });

    // Erik and Gun say yes. The day before the meeting the attending reminder starts for Erik, Gun and Hans;
    // Gun cancels before hers goes out.
    await answer(erik, 'yes');
    await answer(gun, 'yes');
    sink.received.length = 0;
    setNow(new Date(now.getTime() + 5 * DAY + 60_000));
    const attending = await startHeld(() => answer(gun, 'cancelled'));
    expect(sink.received.map((r) => r.to).sort()).toEqual(['erik@exempel.se', 'hans@exempel.se']);
    rows = await rowsOf(attending);
    expect(rows.size).toBe(3);
    expect(rows.get(gun)).toMatchObject({
      status: 'withdrawn',
      last_error: 'Personen har ändrat sitt svar: Avanmäld',
    });
    // The report counts the withdrawn apart from what was sent.
    const report = await t.app.get(MeetingReportsService).sendReport(send.id);
    expect(report.mailings.map((m) => [m.kind, m.audience, m.sent, m.withdrawn])).toEqual([
      ['send', 4, 4, 0],
      ['no_answer', 3, 2, 1],
      ['attending', 3, 2, 1],
    ]);
    jest.restoreAllMocks();
  });
});
