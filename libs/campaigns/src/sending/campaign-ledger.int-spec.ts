import { JobProducer, QueueName } from '@app/queue';
import { PublicTokenService, TokenPurpose } from '@app/tracking';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../../../../test/support/test-app';
import { CampaignMaintenanceService } from './campaign-maintenance.service';
import { CampaignSendingService } from './campaign-sending.service';
import { SendCampaignMessageHandler } from './send-campaign-message.handler';
import { sendJobId } from './send-job-id';
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
 * The ledger's rules, with no worker in the process: each test runs the job handler itself, exactly as the
 * worker would, so the order of events (an unsubscribe between two sends, a crash) is under the test's control.
 */
describe('sending ledger: claims, suppression, crash recovery, pause and reconciliation', () => {
  let sink: Sink;
  let t: TestApp;
  let db: DataSource;
  let sending: CampaignSendingService;
  let handler: SendCampaignMessageHandler;
  let maintenance: CampaignMaintenanceService;
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
      },
      { withWorker: false },
    );
    db = t.dataSource;
    sending = t.app.get(CampaignSendingService, { strict: false });
    handler = t.app.get(SendCampaignMessageHandler, { strict: false });
    maintenance = t.app.get(CampaignMaintenanceService, { strict: false });
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
      `SELECT id, contact_id, email FROM campaign_recipients WHERE campaign_id = $1 ORDER BY email`,
      [campaignId],
    );
    return { campaignId, rows };
  }

  const sendingQueue = () => t.app.get(JobProducer).queue(QueueName.Sending);

  it('enqueues one job per recipient with a deterministic id, and a job run twice (even at once) sends once', async () => {
    const { campaignId, rows } = await startedCampaign(3);
    for (const r of rows) expect(await sendingQueue().getJob(sendJobId(r.id, 0))).toBeDefined();

    const outcomes = await Promise.all([
      handler.handle({ recipientId: rows[0].id }),
      handler.handle({ recipientId: rows[0].id }),
    ]);
    expect(outcomes.sort()).toEqual(['nothing', 'sent']);
    expect(await handler.handle({ recipientId: rows[0].id })).toBe('nothing');
    expect(sink.received.map((m) => m.to)).toEqual([rows[0].email]);

    for (const r of rows.slice(1)) await handler.handle({ recipientId: r.id });
    expect(sink.received).toHaveLength(3);
    expect(await sending.progress(campaignId)).toEqual({
      status: 'sent',
      counts: {
        pending: 0,
        sending: 0,
        sent: 3,
        failed_temporary: 0,
        failed_permanent: 0,
        suppressed: 0,
        uncertain: 0,
      },
      total: 3,
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
      `SELECT id, contact_id, email FROM campaign_recipients WHERE campaign_id = $1 AND status = 'pending' ORDER BY email`,
      [campaignId],
    );

    expect(await handler.handle({ recipientId: rows[0].id })).toBe('sent');
    // The second person presses the one-click unsubscribe in another campaign's message while this one runs.
    const token = t.app
      .get(PublicTokenService)
      .sign(TokenPurpose.Unsubscribe, { campaignId, contactId: rows[1].contact_id });
    await request(t.server).post(`/u/${token}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(await handler.handle({ recipientId: rows[1].id })).toBe('suppressed');
    expect(await handler.handle({ recipientId: rows[2].id })).toBe('sent');

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

    expect(await handler.handle({ recipientId: rows[0].id })).toBe('sent');
    expect(await handler.handle({ recipientId: rows[1].id })).toBe('suppressed');
    expect(await handler.handle({ recipientId: rows[2].id })).toBe('sent');

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
      `UPDATE campaign_recipients SET status = 'sending', attempts = 1, claimed_at = now() - interval '10 minutes' WHERE id = $1`,
      [rows[0].id],
    );
    // A fresh claim (another worker, still sending) is left alone.
    await db.query(
      `UPDATE campaign_recipients SET status = 'sending', attempts = 1, claimed_at = now() WHERE id = $1`,
      [rows[1].id],
    );

    const report = await maintenance.run();
    expect(report.markedUncertain).toBe(1);
    expect(await handler.handle({ recipientId: rows[0].id })).toBe('nothing');
    expect(await recipientStatuses(db, campaignId)).toEqual({ uncertain: 1, sending: 1, pending: 1 });
    const [uncertain] = await db.query(`SELECT status, last_error FROM campaign_recipients WHERE id = $1`, [
      rows[0].id,
    ]);
    expect(uncertain.last_error).toMatch(/okänt om brevet levererades/);

    await handler.handle({ recipientId: rows[2].id });
    expect(sink.received.map((m) => m.to)).toEqual([rows[2].email]);
    // Still one row in flight: not finished yet.
    expect((await sending.progress(campaignId)).status).toBe('sending');
  });

  it('pause stops new claims, resume re-enqueues without doubling, cancel keeps unsent rows pending', async () => {
    const { campaignId, rows } = await startedCampaign(3);
    expect((await sending.pause(campaignId, ADMIN, 'Fel i texten')).status).toBe('paused');
    expect((await sending.pause(campaignId, ADMIN)).status).toBe('paused');
    await expect(sending.start(campaignId, ADMIN)).rejects.toMatchObject({ code: 'CONFLICT' });

    // The queued job runs while paused: nothing is claimed and the job goes away.
    expect(await handler.handle({ recipientId: rows[0].id })).toBe('nothing');
    await sendingQueue().remove(sendJobId(rows[0].id, 0));
    expect(await sendingQueue().getJob(sendJobId(rows[0].id, 0))).toBeUndefined();

    const waitingBefore = await sendingQueue().getWaitingCount();
    expect((await sending.resume(campaignId, ADMIN)).status).toBe('sending');
    // Only the job that was gone came back; the two still queued were not doubled.
    expect(await sendingQueue().getJob(sendJobId(rows[0].id, 0))).toBeDefined();
    expect(await sendingQueue().getWaitingCount()).toBe(waitingBefore + 1);

    expect(await handler.handle({ recipientId: rows[0].id })).toBe('sent');
    expect((await sending.cancel(campaignId, ADMIN)).status).toBe('cancelled');
    expect(await handler.handle({ recipientId: rows[1].id })).toBe('nothing');
    expect(await recipientStatuses(db, campaignId)).toEqual({ sent: 1, pending: 2 });
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

    expect(await handler.handle({ recipientId: rows[0].id })).toBe('retry');
    const [retry] = await db.query(
      `SELECT status, attempts, next_attempt_at, last_error FROM campaign_recipients WHERE id = $1`,
      [rows[0].id],
    );
    expect(retry).toMatchObject({ status: 'failed_temporary', attempts: 1 });
    expect(retry.last_error).toContain('451');
    // The retry is its own job, named by the attempt count.
    expect(await sendingQueue().getJob(sendJobId(rows[0].id, 1))).toBeDefined();

    expect(await handler.handle({ recipientId: rows[0].id })).toBe('failed');
    const [gaveUp] = await db.query(
      `SELECT status, attempts, last_error FROM campaign_recipients WHERE id = $1`,
      [rows[0].id],
    );
    expect(gaveUp).toMatchObject({ status: 'failed_permanent', attempts: 2 });
    expect(gaveUp.last_error).toMatch(/gav upp efter 2 försök/);

    // Third failure in a row (SEND_PAUSE_AFTER_FAILURES=3): the campaign pauses itself and says why.
    expect(await handler.handle({ recipientId: rows[1].id })).toBe('retry');
    const [campaign] = await db.query(`SELECT status, pause_reason FROM campaigns WHERE id = $1`, [
      campaignId,
    ]);
    expect(campaign.status).toBe('paused');
    expect(campaign.pause_reason).toMatch(/3 misslyckade utskick i rad.*451 4\.3\.0 Mailbox busy/);
    expect(await handler.handle({ recipientId: rows[2].id })).toBe('nothing');
    expect(sink.received).toHaveLength(0);

    // Resumed with the server healthy again: the rest go out, the given-up one stays failed.
    sink.answer = () => ({ accept: true });
    await sending.resume(campaignId, ADMIN);
    for (const r of rows.slice(1)) await handler.handle({ recipientId: r.id });
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
    await db.query(`UPDATE campaigns SET status = 'cancelled' WHERE status = 'sending'`);
    const { rows } = await startedCampaign(5);
    await sendingQueue().obliterate({ force: true });
    expect(await sendingQueue().getJob(sendJobId(rows[0].id, 0))).toBeUndefined();

    expect(await maintenance.reconcile()).toBe(5);
    for (const r of rows) expect(await sendingQueue().getJob(sendJobId(r.id, 0))).toBeDefined();
    expect(await sendingQueue().getWaitingCount()).toBe(5);
    // Nothing missing now: the next run adds nothing.
    expect(await maintenance.reconcile()).toBe(0);
    expect(await sendingQueue().getWaitingCount()).toBe(5);
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
    const [row] = await db.query(`SELECT id FROM campaign_recipients WHERE campaign_id = $1 LIMIT 1`, [
      campaignId,
    ]);

    expect(await handler.handle({ recipientId: row.id })).toBe('not-rendered');
    expect(sink.received).toHaveLength(0);
    const [after] = await db.query(
      `SELECT status, attempts, last_error FROM campaign_recipients WHERE id = $1`,
      [row.id],
    );
    expect(after).toMatchObject({ status: 'pending', attempts: 0 });
    const [campaign] = await db.query(`SELECT status, pause_reason FROM campaigns WHERE id = $1`, [
      campaignId,
    ]);
    expect(campaign.status).toBe('paused');
    expect(campaign.pause_reason).toMatch(/^Brevet kunde inte skapas/);
  });
  it('a campaign rate limit spreads its jobs out: 600 per minute is one every 100 ms', async () => {
    const listId = await seedContacts(db, 10, `l${++n}x`);
    const campaignId = await createCampaign(db, templateId, { type: 'list', listId });
    await db.query(`UPDATE campaigns SET rate_limit_per_minute = 600 WHERE id = $1`, [campaignId]);
    await sending.start(campaignId, ADMIN);
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM campaign_recipients WHERE campaign_id = $1 ORDER BY id`,
      [campaignId],
    );
    const delays = await Promise.all(
      rows.map(async (r) => (await sendingQueue().getJob(sendJobId(r.id, 0)))?.delay ?? -1),
    );
    delays.forEach((delay, i) => {
      expect(delay).toBeLessThanOrEqual(i * 100);
      expect(delay).toBeGreaterThan(i * 100 - 50);
    });
  });
});
