import { JobName, JobProducer, QueueName } from '@app/queue';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../../../../test/support/test-app';
import {
  MAX_RATE_WAIT_MS,
  MessageSender,
  SendingMaintenance,
  sendBlockJobId,
  sendBlockOf,
  sendJobId,
  PublicTokenService,
  TokenPurpose,
} from '@app/sending';
import { CampaignSendingService } from './campaign-sending.service';
import {
  createCampaign,
  createTemplate,
  recipientStatuses,
  seedContacts,
  Sink,
  startSink,
} from './test-support/sending-fixtures';

const ADMIN = { userId: null, email: 'admin@example.se' };

/**
 * The ledger's rules, with no worker in the process: each test runs the sender itself, exactly as the
 * worker's job would, so the order of events (an unsubscribe between two sends, a crash) is under the test's control.
 */
describe('sending ledger: claims, suppression, crash recovery, pause and reconciliation', () => {
  let sink: Sink;
  let t: TestApp;
  let db: DataSource;
  let sending: CampaignSendingService;
  let sender: MessageSender;
  let maintenance: SendingMaintenance;
  let templateId: string;
  let n = 0;

  beforeAll(async () => {
    sink = await startSink();
    t = await createTestApp(
      {
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        PUBLIC_BASE_URL: 'https://crm.example.se',
        SEND_RETRY_BASE_MS: '0',
        SEND_MAX_ATTEMPTS: '2',
        SEND_PAUSE_AFTER_FAILURES: '3',
        SEND_CLAIM_TIMEOUT_SECONDS: '60',
        SEND_RATE_PER_MINUTE: '0',
      },
      { withWorker: false },
    );
    db = t.dataSource;
    sending = t.app.get(CampaignSendingService, { strict: false });
    sender = t.app.get(MessageSender, { strict: false });
    maintenance = t.app.get(SendingMaintenance, { strict: false });
    ({ templateId } = await createTemplate(db));
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });
  beforeEach(() => {
    sink.received.length = 0;
    sink.rejected.length = 0;
    sink.answer = () => ({ accept: true });
  });

  /** A started campaign to `count` new contacts; its recipient rows in email order. */
  async function startedCampaign(count: number) {
    const listId = await seedContacts(db, count, `l${++n}x`);
    const campaignId = await createCampaign(db, templateId, { type: 'list', listId });
    await sending.start(campaignId, ADMIN);
    const rows: { id: string; contact_id: string; email: string }[] = await db.query(
      `SELECT id, contact_id, email FROM mailing_recipients WHERE mailing_id = $1 ORDER BY email`,
      [campaignId],
    );
    return { campaignId, rows };
  }

  const sendingQueue = () => t.app.get(JobProducer).queue(QueueName.Sending);
  /** The ids of the block jobs a campaign's rows call for. */
  const blockJobIds = (campaignId: string, rows: { id: string }[]) => [
    ...new Set(rows.map((r) => sendBlockJobId(campaignId, sendBlockOf(r.id).firstId))),
  ];

  it('enqueues one job per block of ids with a deterministic id, and a row sent twice (even at once) is sent once', async () => {
    await sendingQueue().obliterate({ force: true });
    const { campaignId, rows } = await startedCampaign(30);
    const blocks = blockJobIds(campaignId, rows);
    // 30 consecutive ids span two or three blocks of 25.
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(blocks.length).toBeLessThanOrEqual(3);
    for (const id of blocks) {
      const job = await sendingQueue().getJob(id);
      expect(job?.data).toEqual({ mailingId: campaignId, ...sendBlockOf(id.slice(id.lastIndexOf('-') + 1)) });
    }
    expect(await sendingQueue().getWaitingCount()).toBe(blocks.length);

    const outcomes = await Promise.all([sender.sendOne(rows[0].id), sender.sendOne(rows[0].id)]);
    expect(outcomes.sort()).toEqual(['nothing', 'sent']);
    expect(await sender.sendOne(rows[0].id)).toBe('nothing');
    expect(sink.received.map((m) => m.to)).toEqual([rows[0].email]);

    // The blocks, as their jobs run them: every other row, in id order; the one already sent is skipped.
    const ranges = blocks.map((id) => sendBlockOf(id.slice(id.lastIndexOf('-') + 1)));
    const reports = [];
    for (const range of ranges) reports.push(await sender.sendRange({ mailingId: campaignId, ...range }));
    expect(reports.reduce((n, r) => n + (r.outcomes.sent ?? 0), 0)).toBe(29);
    expect(reports.every((r) => !r.interrupted && Object.keys(r.outcomes).join() === 'sent')).toBe(true);
    expect(sink.received).toHaveLength(30);
    expect(new Set(sink.received.map((m) => m.to)).size).toBe(30);
    // A block run again finds nothing to send.
    expect(await sender.sendRange({ mailingId: campaignId, ...ranges[0] })).toEqual({
      outcomes: {},
      interrupted: false,
    });
    expect(await sending.progress(campaignId)).toEqual({
      status: 'sent',
      counts: {
        pending: 0,
        sending: 0,
        sent: 30,
        failed_temporary: 0,
        failed_permanent: 0,
        suppressed: 0,
        uncertain: 0,
        withdrawn: 0,
      },
      total: 30,
    });
  });

  it('snapshots suppressed addresses as suppressed, and someone who unsubscribes (POST /u/:token) mid-campaign gets nothing more', async () => {
    const listId = await seedContacts(db, 4, `l${++n}x`);
    const early: { email: string }[] = await db.query(
      `SELECT c.email FROM contacts c JOIN contact_list_members m ON m.contact_id = c.id WHERE m.list_id = $1 ORDER BY c.email LIMIT 1`,
      [listId],
    );
    await db.query(
      `INSERT INTO suppressions (email_hash, reason, source) VALUES (encode(sha256(convert_to($1, 'UTF8')), 'hex'), 'unsubscribed', 'test')`,
      [early[0].email],
    );
    const campaignId = await createCampaign(db, templateId, { type: 'list', listId });
    const started = await sending.start(campaignId, ADMIN);
    expect(started.counts).toMatchObject({ pending: 3, suppressed: 1 });
    const rows: { id: string; contact_id: string; email: string }[] = await db.query(
      `SELECT id, contact_id, email FROM mailing_recipients WHERE mailing_id = $1 AND status = 'pending' ORDER BY email`,
      [campaignId],
    );

    expect(await sender.sendOne(rows[0].id)).toBe('sent');
    // The second person presses the one-click unsubscribe in another campaign's message while this one runs.
    const token = t.app
      .get(PublicTokenService)
      .sign(TokenPurpose.Unsubscribe, { scopeId: campaignId, contactId: rows[1].contact_id });
    await request(t.server).post(`/u/${token}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(await sender.sendOne(rows[1].id)).toBe('suppressed');
    expect(await sender.sendOne(rows[2].id)).toBe('sent');

    expect(sink.received.map((m) => m.to)).toEqual([rows[0].email, rows[2].email]);
    expect(await recipientStatuses(db, campaignId)).toEqual({ sent: 2, suppressed: 2 });
    expect((await sending.progress(campaignId)).status).toBe('sent');
  });

  it('the claim reads the contact as it is at sending time; the message goes to the snapshotted address', async () => {
    const { campaignId, rows } = await startedCampaign(3);
    // After the snapshot: one contact renamed and given a new address, another erased.
    await db.query(
      `UPDATE contacts SET first_name = 'Ändrad', email = 'ny-adress@exempel.se' WHERE id = $1`,
      [rows[0].contact_id],
    );
    await db.query(`DELETE FROM contacts WHERE id = $1`, [rows[1].contact_id]);

    expect(await sender.sendOne(rows[0].id)).toBe('sent');
    expect(await sender.sendOne(rows[1].id)).toBe('suppressed');
    expect(await sender.sendOne(rows[2].id)).toBe('sent');

    expect(sink.received.map((m) => m.to)).toEqual([rows[0].email, rows[2].email]);
    expect(sink.received[0].parsed.text).toContain('Hej Ändrad ');
    expect(sink.received[1].parsed.text).not.toContain('Ändrad');
    expect(await recipientStatuses(db, campaignId)).toEqual({ sent: 2, suppressed: 1 });
    expect((await sending.progress(campaignId)).status).toBe('sent');
  });

  it('after a crash, rows left in sending with an old claim become uncertain and are never resent', async () => {
    const { campaignId, rows } = await startedCampaign(3);
    // A worker claimed the first row and died before recording the answer.
    await db.query(
      `UPDATE mailing_recipients SET status = 'sending', attempts = 1, claimed_at = now() - interval '10 minutes' WHERE id = $1`,
      [rows[0].id],
    );
    // A fresh claim (another worker, still sending) is left alone.
    await db.query(
      `UPDATE mailing_recipients SET status = 'sending', attempts = 1, claimed_at = now() WHERE id = $1`,
      [rows[1].id],
    );

    const report = await maintenance.run();
    expect(report.markedUncertain).toBe(1);
    expect(await sender.sendOne(rows[0].id)).toBe('nothing');
    expect(await recipientStatuses(db, campaignId)).toEqual({ uncertain: 1, sending: 1, pending: 1 });
    const [uncertain] = await db.query(`SELECT status, last_error FROM mailing_recipients WHERE id = $1`, [
      rows[0].id,
    ]);
    expect(uncertain.last_error).toMatch(/okänt om brevet levererades/);

    await sender.sendOne(rows[2].id);
    expect(sink.received.map((m) => m.to)).toEqual([rows[2].email]);
    // Still one row in flight: not finished yet.
    expect((await sending.progress(campaignId)).status).toBe('sending');
  });

  it('pause stops new claims, resume re-enqueues without doubling, cancel keeps unsent rows pending', async () => {
    const { campaignId, rows } = await startedCampaign(30);
    const [firstBlock, ...otherBlocks] = blockJobIds(campaignId, rows);
    const first = sendBlockOf(rows[0].id);
    expect((await sending.pause(campaignId, ADMIN, 'Fel i texten')).status).toBe('paused');
    expect((await sending.pause(campaignId, ADMIN)).status).toBe('paused');
    await expect(sending.start(campaignId, ADMIN)).rejects.toMatchObject({ code: 'CONFLICT' });

    // A queued block runs while paused: it finds the campaign paused, claims nothing, and its job goes away.
    expect(await sender.sendOne(rows[0].id)).toBe('not-sending');
    expect(await sender.sendRange({ mailingId: campaignId, ...first })).toEqual({
      outcomes: {},
      interrupted: false,
    });
    expect(sink.received).toHaveLength(0);
    await sendingQueue().remove(firstBlock);
    expect(await sendingQueue().getJob(firstBlock)).toBeUndefined();

    const waitingBefore = await sendingQueue().getWaitingCount();
    expect((await sending.resume(campaignId, ADMIN)).status).toBe('sending');
    // Only the job that was gone came back; the blocks still queued were not doubled.
    expect(await sendingQueue().getJob(firstBlock)).toBeDefined();
    for (const id of otherBlocks) expect(await sendingQueue().getJob(id)).toBeDefined();
    expect(await sendingQueue().getWaitingCount()).toBe(waitingBefore + 1);
    expect((await sending.resume(campaignId, ADMIN)).status).toBe('sending');
    expect(await sendingQueue().getWaitingCount()).toBe(waitingBefore + 1);

    expect(await sender.sendOne(rows[0].id)).toBe('sent');
    expect((await sending.cancel(campaignId, ADMIN)).status).toBe('cancelled');
    expect(await sender.sendOne(rows[1].id)).toBe('not-sending');
    // A block of a cancelled campaign stops at once: nothing is claimed.
    expect((await sender.sendRange({ mailingId: campaignId, ...first })).outcomes).toEqual({});
    expect(await recipientStatuses(db, campaignId)).toEqual({ sent: 1, pending: 29 });
    await expect(sending.resume(campaignId, ADMIN)).rejects.toMatchObject({ code: 'CONFLICT' });

    const actions: { action: string }[] = await db.query(
      `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [campaignId],
    );
    expect(actions.map((a) => a.action)).toEqual([
      'campaign.started',
      'campaign.paused',
      'campaign.resumed',
      'campaign.cancelled',
    ]);
  });

  it('gives up after SEND_MAX_ATTEMPTS temporary failures, and pauses the campaign after a run of failures', async () => {
    const { campaignId, rows } = await startedCampaign(4);
    sink.answer = () => ({ code: 451, text: '4.3.0 Mailbox busy' });

    expect(await sender.sendOne(rows[0].id)).toBe('retry');
    const [retry] = await db.query(
      `SELECT status, attempts, next_attempt_at, last_error FROM mailing_recipients WHERE id = $1`,
      [rows[0].id],
    );
    expect(retry).toMatchObject({ status: 'failed_temporary', attempts: 1 });
    expect(retry.last_error).toContain('451');
    // The retry is its own job, named by the attempt count.
    expect(await sendingQueue().getJob(sendJobId(rows[0].id, 1))).toBeDefined();

    expect(await sender.sendOne(rows[0].id)).toBe('failed');
    const [gaveUp] = await db.query(
      `SELECT status, attempts, last_error FROM mailing_recipients WHERE id = $1`,
      [rows[0].id],
    );
    expect(gaveUp).toMatchObject({ status: 'failed_permanent', attempts: 2 });
    expect(gaveUp.last_error).toMatch(/gav upp efter 2 försök/);

    // Third failure in a row (SEND_PAUSE_AFTER_FAILURES=3): the campaign pauses itself and says why.
    expect(await sender.sendOne(rows[1].id)).toBe('retry');
    const [campaign] = await db.query(`SELECT status, pause_reason FROM campaigns WHERE id = $1`, [
      campaignId,
    ]);
    expect(campaign.status).toBe('paused');
    expect(campaign.pause_reason).toMatch(/3 misslyckade utskick i rad.*451 4\.3\.0 Mailbox busy/);
    expect(await sender.sendOne(rows[2].id)).toBe('not-sending');
    expect(sink.received).toHaveLength(0);

    // Resumed with the server healthy again: the rest go out, the given-up one stays failed.
    sink.answer = () => ({ accept: true });
    await sending.resume(campaignId, ADMIN);
    for (const r of rows.slice(1)) await sender.sendOne(r.id);
    expect(await recipientStatuses(db, campaignId)).toEqual({ sent: 3, failed_permanent: 1 });
    expect((await sending.progress(campaignId)).status).toBe('sent');
  });

  it('maintenance starts scheduled campaigns that are due (from the database, so also after a restart), not the others', async () => {
    const dueList = await seedContacts(db, 2, `l${++n}x`);
    const laterList = await seedContacts(db, 2, `l${++n}x`);
    const due = await createCampaign(
      db,
      templateId,
      { type: 'list', listId: dueList },
      {
        status: 'scheduled',
        scheduledAt: new Date(Date.now() - 60_000),
      },
    );
    const later = await createCampaign(
      db,
      templateId,
      { type: 'list', listId: laterList },
      {
        status: 'scheduled',
        scheduledAt: new Date(Date.now() + 3600_000),
      },
    );
    const report = await maintenance.run();
    expect(report.started).toEqual([due]);
    expect(await sending.progress(due)).toMatchObject({ status: 'sending', total: 2 });
    expect(await sending.progress(later)).toMatchObject({ status: 'scheduled', total: 0 });
    expect((await maintenance.run()).started).toEqual([]);
  });

  it('the reconciler gives pending rows whose jobs were lost a job again, once', async () => {
    // Leave only this campaign sending.
    await db.query(`UPDATE mailings SET status = 'cancelled' WHERE status = 'sending'`);
    const { campaignId, rows } = await startedCampaign(30);
    // One row waits for its retry, which has a job of its own.
    await db.query(
      `UPDATE mailing_recipients SET status = 'failed_temporary', attempts = 1,
              next_attempt_at = now() + interval '1 hour' WHERE id = $1`,
      [rows[29].id],
    );
    await sendingQueue().obliterate({ force: true });
    const blocks = blockJobIds(campaignId, rows.slice(0, 29));
    expect(await sendingQueue().getJob(blocks[0])).toBeUndefined();

    expect(await maintenance.reconcile()).toBe(blocks.length + 1);
    for (const id of blocks) expect(await sendingQueue().getJob(id)).toBeDefined();
    const retry = await sendingQueue().getJob(sendJobId(rows[29].id, 1));
    expect(retry?.data).toEqual({ mailingId: campaignId, firstId: rows[29].id, lastId: rows[29].id });
    expect(retry?.delay).toBeGreaterThan(3500_000);
    expect(await sendingQueue().getWaitingCount()).toBe(blocks.length);
    // Nothing missing now: the next run adds nothing.
    expect(await maintenance.reconcile()).toBe(0);
    expect(await sendingQueue().getWaitingCount()).toBe(blocks.length);
    expect(await sendingQueue().getDelayedCount()).toBe(1);

    // One block lost while other jobs (another campaign's, here one unrelated) keep the total as high as before:
    // found by its id all the same.
    await sendingQueue().remove(blocks[0]);
    await sendingQueue().add(
      JobName.SendMessages,
      { mailingId: campaignId, firstId: '0', lastId: '0' },
      { delay: 3600_000 },
    );
    expect(await maintenance.reconcile()).toBe(1);
    expect(await sendingQueue().getJob(blocks[0])).toBeDefined();
  });

  it('a template that cannot be rendered pauses the campaign and puts the row back; nothing is sent or skipped', async () => {
    const [tpl] = await db.query(`INSERT INTO templates (name) VALUES ('Trasig mall') RETURNING id`);
    const [version] = await db.query(
      `INSERT INTO template_versions (template_id, version, subject_sv, mjml_sv)
       VALUES ($1, 1, 'Hej {{okändVariabel}}', '<mjml><mj-body><mj-text>Hej</mj-text></mj-body></mjml>') RETURNING id`,
      [tpl.id],
    );
    await db.query(`UPDATE templates SET current_version_id = $2 WHERE id = $1`, [tpl.id, version.id]);
    const listId = await seedContacts(db, 2, `l${++n}x`);
    const campaignId = await createCampaign(db, tpl.id, { type: 'list', listId });
    await sending.start(campaignId, ADMIN);
    const [row] = await db.query(`SELECT id FROM mailing_recipients WHERE mailing_id = $1 LIMIT 1`, [
      campaignId,
    ]);

    expect(await sender.sendOne(row.id)).toBe('not-rendered');
    expect(sink.received).toHaveLength(0);
    const [after] = await db.query(
      `SELECT status, attempts, last_error FROM mailing_recipients WHERE id = $1`,
      [row.id],
    );
    expect(after).toMatchObject({ status: 'pending', attempts: 0 });
    const [campaign] = await db.query(`SELECT status, pause_reason FROM campaigns WHERE id = $1`, [
      campaignId,
    ]);
    expect(campaign.status).toBe('paused');
    expect(campaign.pause_reason).toMatch(/^Brevet kunde inte skapas/);
  });
  it('a block goes out paced by the campaign rate limit: 600 per minute is one every 100 ms', async () => {
    const { campaignId, rows } = await startedCampaign(10);
    await db.query(`UPDATE mailings SET rate_limit_per_minute = 600 WHERE id = $1`, [campaignId]);
    const arrivals: number[] = [];
    sink.answer = () => {
      arrivals.push(Date.now());
      return { accept: true };
    };
    // The rows as their block jobs would send them.
    for (const range of new Map(rows.map((r) => [sendBlockOf(r.id).firstId, sendBlockOf(r.id)])).values())
      await sender.sendRange({ mailingId: campaignId, ...range });
    expect(arrivals).toHaveLength(10);
    const elapsed = arrivals[9] - arrivals[0];
    expect(elapsed).toBeGreaterThanOrEqual(9 * 100 * 0.9);
    expect(elapsed).toBeLessThan(9 * 100 * 1.5);
  });

  it('a slot too far off ends the block for now: the rest waits, and the report says how long', async () => {
    const { campaignId, rows } = await startedCampaign(3);
    // One message every 10 s: the second is further off than a job waits in its worker.
    await db.query(`UPDATE mailings SET rate_limit_per_minute = 6 WHERE id = $1`, [campaignId]);
    const range = { ...sendBlockOf(rows[0].id), lastId: rows[rows.length - 1].id };
    const report = await sender.sendRange({ mailingId: campaignId, ...range });
    expect(report.outcomes).toEqual({ sent: 1 });
    expect(report.interrupted).toBe(false);
    expect(report.deferredMs).toBeGreaterThan(MAX_RATE_WAIT_MS);
    expect(report.deferredMs).toBeLessThanOrEqual(10_000);
    expect(sink.received).toHaveLength(1);
    expect(await recipientStatuses(db, campaignId)).toEqual({ sent: 1, pending: 2 });
    expect((await sending.progress(campaignId)).status).toBe('sending');
  });

  it('a stopping worker ends a block after the message in flight and leaves the rest pending', async () => {
    const { campaignId, rows } = await startedCampaign(3);
    const range = sendBlockOf(rows[0].id);
    const stop = new AbortController();
    sink.answer = () => {
      // The worker is told to stop while the first message is being handed over.
      stop.abort();
      return { accept: true };
    };
    const report = await sender.sendRange(
      { mailingId: campaignId, ...range, lastId: rows[rows.length - 1].id },
      stop.signal,
    );
    expect(report).toEqual({ outcomes: { sent: 1 }, interrupted: true });
    expect(sink.received).toHaveLength(1);
    expect(await recipientStatuses(db, campaignId)).toEqual({ sent: 1, pending: 2 });
  });
});
