import { JobName, JobProducer, QueueName } from '@app/queue';
import { createTestApp, TestApp } from '../../../../test/support/test-app';
import { CampaignSendingService } from './campaign-sending.service';
import {
  createCampaign,
  createTemplate,
  seedContacts,
  Sink,
  startSink,
  waitFor,
} from './test-support/sending-fixtures';

/** SEND_RATE_PER_MINUTE through the shared rate limiter (slots kept in Redis, so shared by every worker process). */
describe('sending rate limit and the maintenance schedule', () => {
  let sink: Sink;
  let t: TestApp;

  beforeAll(async () => {
    sink = await startSink();
    t = await createTestApp(
      // Eight jobs in flight: enough that the rate, not a slow moment of a busy machine, sets the pace (with two,
      // a CI run once managed 8 messages a second), and few enough that a slow campaign could take every one.
      { MAIL_TRANSPORT: 'smtp', SMTP_URL: sink.url, SEND_RATE_PER_MINUTE: '1200', SEND_CONCURRENCY: '8' },
      { withWorker: true },
    );
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  // The issue asks for ±10 % over 30 s; CI runs 5 s of it, `RATE_LIMIT_TEST_SECONDS=30` runs the whole window.
  const seconds = Number(process.env.RATE_LIMIT_TEST_SECONDS ?? 5);
  const total = 20 + 20 * seconds;

  it(
    `holds 1200 messages per minute (20 per second), never faster, over ${seconds} s`,
    async () => {
      const db = t.dataSource;
      const { templateId } = await createTemplate(db);
      const listId = await seedContacts(db, total, 'takt');
      const campaignId = await createCampaign(db, templateId, { type: 'list', listId });
      const arrivals: number[] = [];
      sink.answer = () => {
        arrivals.push(Date.now());
        return { accept: true };
      };
      const sending = t.app.get(CampaignSendingService, { strict: false });
      await sending.start(campaignId, {});
      await waitFor(
        () => sending.progress(campaignId),
        (p) => p.status === 'sent',
      );
      expect(arrivals).toHaveLength(total);
      // Evenly spaced slots, no burst: n messages span n - 1 intervals of 50 ms.
      const elapsed = (arrivals[arrivals.length - 1] - arrivals[0]) / 1000;
      const rate = (arrivals.length - 1) / elapsed;
      // And no second went faster than the rate: a burst would show here, not in the average.
      const perSecond = new Map<number, number>();
      for (const a of arrivals) {
        const second = Math.floor((a - arrivals[0]) / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      }
      // The first second is left out: the pool's first connections make the first few arrive bunched. A message
      // arrives a moment after its slot, a moment that varies on a busy machine, so a second may hold one or two
      // more than its share; a burst (no pacing) would hold dozens.
      perSecond.delete(0);
      expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(22);
      expect(rate).toBeLessThan(20 * 1.1);
      // Never faster than the rate, and not far below it: the limiter's own precision (±10 %, three processes)
      // is rate-limiter.int-spec's; here a CI machine busy with other work has kept up with three quarters.
      expect(rate).toBeGreaterThan(20 * 0.75);
    },
    60_000 + seconds * 2000,
  );

  it('a slowly paced campaign does not hold the workers: another campaign is sent meanwhile', async () => {
    const db = t.dataSource;
    const { templateId } = await createTemplate(db, 'Två takter');
    const sending = t.app.get(CampaignSendingService, { strict: false });
    const slowList = await seedContacts(db, 250, 'langsam');
    const slow = await createCampaign(db, templateId, { type: 'list', listId: slowList });
    // One message a minute, over ten blocks of 25: more than the eight jobs in flight.
    await db.query(`UPDATE campaigns SET rate_limit_per_minute = 1 WHERE id = $1`, [slow]);
    await sending.start(slow, {});
    const fastList = await seedContacts(db, 20, 'snabb');
    const fast = await createCampaign(db, templateId, { type: 'list', listId: fastList });
    await sending.start(fast, {});
    await waitFor(
      () => sending.progress(fast),
      (p) => p.status === 'sent',
      20_000,
    );
    const slowProgress = await sending.progress(slow);
    expect(slowProgress.status).toBe('sending');
    expect(slowProgress.counts.sent).toBe(1);
    // Its blocks wait in the queue, delayed until the next slot, not in a worker.
    const queue = t.app.get(JobProducer).queue(QueueName.Sending);
    expect(await queue.getActiveCount()).toBe(0);
    expect(await queue.getDelayedCount()).toBeGreaterThan(8);
    await sending.cancel(slow, {});
  });

  it('the worker schedules sending maintenance once, every 30 seconds', async () => {
    const queue = t.app.get(JobProducer).queue(QueueName.Maintenance);
    // Registered right after the workers start, without holding up the boot.
    const schedulers = await waitFor(
      () => queue.getJobSchedulers(),
      (s) => s.length > 0,
    );
    expect(schedulers).toEqual([expect.objectContaining({ key: JobName.SendingMaintenance, every: 30_000 })]);
  });
});
