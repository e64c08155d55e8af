import { Clock } from '@app/common';
import { SendingMaintenance } from '@app/sending';
import { PrivatePostgres, startPrivatePostgres } from '../../../../test/support/private-postgres';
import { createTestApp, TestApp } from '../../../../test/support/test-app';
import { CampaignSendingService } from './campaign-sending.service';
import {
  createCampaign,
  createTemplate,
  recipientStatuses,
  seedContacts,
  Sink,
  startSink,
  waitFor,
} from './test-support/sending-fixtures';

const RECIPIENTS = 300;
const CONCURRENCY = 4;
const CLAIM_TIMEOUT_SECONDS = 10;

/**
 * PostgreSQL itself goes away mid-campaign and comes back: a server of the test's own (embedded, in a temporary
 * folder), stopped while the worker is sending and started again. No message may go out twice; what was in
 * flight when the database went away ends `uncertain`, never resent; everything else is sent once.
 */
describe('a PostgreSQL restart mid-campaign', () => {
  let pg: PrivatePostgres;
  let sink: Sink;
  let t: TestApp;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    sink = await startSink();
    t = await createTestApp(
      {
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        SEND_CONCURRENCY: String(CONCURRENCY),
        SEND_RATE_PER_MINUTE: '0',
        SEND_CLAIM_TIMEOUT_SECONDS: String(CLAIM_TIMEOUT_SECONDS),
      },
      { withWorker: true, database: pg.database },
    );
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    await pg?.remove();
  });

  it('sends every message at most once: what was in flight becomes uncertain, the rest is sent after the restart', async () => {
    const db = t.dataSource;
    const { templateId } = await createTemplate(db);
    const listId = await seedContacts(db, RECIPIENTS, 'omstart');
    const campaignId = await createCampaign(db, templateId, { type: 'list', listId });
    const sending = t.app.get(CampaignSendingService, { strict: false });
    // Slow answers keep messages in flight when the database goes away.
    sink.delayMs = 20;
    await sending.start(campaignId, { userId: null, email: 'admin@example.se' });
    await waitFor(
      async () => sink.received.length,
      (count) => count >= 60,
    );

    await pg.stop();
    const whileDown = sink.received.length;
    // The worker meets a database that is gone: its jobs fail and are retried, nothing is claimed meanwhile.
    await new Promise((r) => setTimeout(r, 2000));
    await pg.start();
    // At most the messages that were already in the transport arrived while the database was down.
    expect(sink.received.length - whileDown).toBeLessThanOrEqual(CONCURRENCY);
    sink.delayMs = 0;

    // The jobs are retried on the database that is back, and send everything that was never claimed.
    await waitFor(
      () => recipientStatuses(db, campaignId),
      (s) => !s.pending && !s.failed_temporary && (s.sent ?? 0) + (s.sending ?? 0) === RECIPIENTS,
      120_000,
    );
    // Claims cut off by the restart are older than the timeout once maintenance's clock is moved past it.
    const later = new Date(Date.now() + (CLAIM_TIMEOUT_SECONDS + 1) * 1000);
    const clock = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(later);
    try {
      await t.app.get(SendingMaintenance, { strict: false }).run();
    } finally {
      clock.mockRestore();
    }

    const statuses = await recipientStatuses(db, campaignId);
    const uncertain = statuses.uncertain ?? 0;
    expect(uncertain).toBeLessThanOrEqual(CONCURRENCY);
    expect(statuses).toEqual(uncertain ? { sent: RECIPIENTS - uncertain, uncertain } : { sent: RECIPIENTS });

    // Never a message twice, and every row marked sent was received exactly once.
    const perAddress = new Map<string, number>();
    for (const m of sink.received) perAddress.set(m.to, (perAddress.get(m.to) ?? 0) + 1);
    expect([...perAddress.values()].filter((n) => n > 1)).toEqual([]);
    const rows: { email: string; status: string }[] = await db.query(
      `SELECT email, status FROM mailing_recipients WHERE mailing_id = $1`,
      [campaignId],
    );
    expect(rows.filter((r) => r.status === 'sent' && perAddress.get(r.email) !== 1)).toEqual([]);
    expect((await sending.progress(campaignId)).status).toBe('sent');
  }, 240_000);
});
