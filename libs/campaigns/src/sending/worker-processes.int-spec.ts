import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Clock } from '@app/common';
import { SendingMaintenance } from '@app/sending';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../../../../test/support/test-app';
import { ensureServerBuilt } from '../../../../test/support/processes';
import { testRedisUrl, uniqueQueuePrefix } from '../../../../test/support/test-database';
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

const ROOT = resolve(__dirname, '../../../..');
const ADMIN = { userId: null, email: 'admin@example.se' };
const CONCURRENCY = 4;
const CLAIM_TIMEOUT_SECONDS = 10;

interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Real worker processes (apps/worker, compiled into dist as `npm start` runs it), sharing the test's PostgreSQL
 * database, Redis queue prefix and SMTP sink: the crash, SIGTERM and two-worker cases of the issue.
 */
describe('worker processes: kill -9, SIGTERM and two workers on one campaign', () => {
  let sink: Sink;
  let t: TestApp;
  let db: DataSource;
  let sending: CampaignSendingService;
  let maintenance: SendingMaintenance;
  let templateId: string;
  const prefix = uniqueQueuePrefix();
  const workers: WorkerProcess[] = [];
  let n = 0;

  const env = () => ({
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: sink.url,
    PUBLIC_BASE_URL: 'https://crm.example.se',
    QUEUE_PREFIX: prefix,
    SEND_CONCURRENCY: String(CONCURRENCY),
    SEND_RATE_PER_MINUTE: '0',
    SEND_CLAIM_TIMEOUT_SECONDS: String(CLAIM_TIMEOUT_SECONDS),
  });

  beforeAll(async () => {
    // The worker as production runs it, compiled (built here only if its sources changed).
    ensureServerBuilt();
    sink = await startSink();
    t = await createTestApp(env(), { withWorker: false });
    db = t.dataSource;
    sending = t.app.get(CampaignSendingService, { strict: false });
    maintenance = t.app.get(SendingMaintenance, { strict: false });
    ({ templateId } = await createTemplate(db));
  });
  // A test that fails midway must not leave its workers sending the next test's campaign.
  const killLeftoverWorkers = async () => {
    for (const w of workers.splice(0)) {
      if (w.child.exitCode !== null || w.child.signalCode !== null) continue;
      w.child.kill('SIGKILL');
      await w.exited;
    }
  };
  afterEach(async () => {
    await killLeftoverWorkers();
    // Nor its campaign be sent by the next test's workers.
    await db.query(`UPDATE mailings SET status = 'cancelled' WHERE status IN ('sending', 'paused')`);
  });
  afterAll(async () => {
    await killLeftoverWorkers();
    await t?.close();
    await sink?.close();
  });
  beforeEach(() => {
    sink.received.length = 0;
    sink.rejected.length = 0;
    sink.delayMs = 0;
  });

  async function startWorker(extraEnv: Record<string, string> = {}): Promise<WorkerProcess> {
    let output = '';
    const child = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: t.db.url,
        REDIS_URL: testRedisUrl(),
        ...env(),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
      child.once('exit', (code, signal) => res({ code, signal })),
    );
    const worker = { child, output: () => output, exited };
    workers.push(worker);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`Arbetaren avslutades: ${output}`);
        return output.includes('Arbetaren är igång');
      },
      (up) => up,
      60_000,
    );
    return worker;
  }

  async function startedCampaign(count: number): Promise<string> {
    const listId = await seedContacts(db, count, `p${++n}x`);
    const campaignId = await createCampaign(db, templateId, { type: 'list', listId });
    await sending.start(campaignId, ADMIN);
    return campaignId;
  }

  /** How many messages the sink accepted per address of the campaign's recipients, by ledger status. */
  async function deliveries(campaignId: string) {
    const rows: { email: string; status: string }[] = await db.query(
      `SELECT email, status FROM mailing_recipients WHERE mailing_id = $1`,
      [campaignId],
    );
    const perAddress = new Map<string, number>();
    for (const m of sink.received) perAddress.set(m.to, (perAddress.get(m.to) ?? 0) + 1);
    return rows.map((r) => ({ ...r, messages: perAddress.get(r.email) ?? 0 }));
  }

  it('kill -9 mid-campaign, then a new worker: every contact gets exactly one message, except uncertain rows (at most the concurrency), never resent', async () => {
    const campaignId = await startedCampaign(300);
    sink.delayMs = 40;
    const first = await startWorker();
    await waitFor(
      async () => sink.received.length,
      (count) => count >= 60,
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const inFlight = (await recipientStatuses(db, campaignId)).sending ?? 0;
    expect(inFlight).toBeGreaterThan(0);
    expect(inFlight).toBeLessThanOrEqual(CONCURRENCY);

    sink.delayMs = 0;
    const second = await startWorker();
    // The new worker sends everything that was never claimed; the dead worker's claims stay in `sending`.
    await waitFor(
      () => recipientStatuses(db, campaignId),
      (s) => !s.pending && !s.failed_temporary,
    );
    // Once the claims are older than SEND_CLAIM_TIMEOUT_SECONDS, maintenance calls them uncertain: its clock
    // is moved past the timeout instead of waiting for it.
    const later = new Date(Date.now() + (CLAIM_TIMEOUT_SECONDS + 1) * 1000);
    const clock = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(later);
    try {
      await maintenance.run();
    } finally {
      clock.mockRestore();
    }
    const progress = await sending.progress(campaignId);
    expect(progress.status).toBe('sent');
    expect(progress.counts.sending).toBe(0);
    expect(progress.counts.uncertain).toBe(inFlight);
    expect(progress.counts.sent).toBe(300 - inFlight);

    const rows = await deliveries(campaignId);
    expect(rows.filter((r) => r.status === 'sent' && r.messages !== 1)).toEqual([]);
    expect(rows.filter((r) => r.status === 'uncertain' && r.messages > 1)).toEqual([]);
    expect(sink.received.length).toBe(new Set(sink.received.map((m) => m.to)).size);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 180_000);

  it('SIGTERM during a send: the worker finishes its messages in flight, exits 0 and leaves nothing in sending', async () => {
    const campaignId = await startedCampaign(150);
    sink.delayMs = 100;
    // With the shared rate limit on, as in production: jobs are waiting for their slots when the signal comes.
    const worker = await startWorker({ SEND_RATE_PER_MINUTE: '1200' });
    await waitFor(
      async () => sink.received.length,
      (count) => count >= 20,
    );
    worker.child.kill('SIGTERM');
    const exit = await worker.exited;
    expect({ exit, output: exit.code === 0 ? '' : worker.output() }).toEqual({
      exit: { code: 0, signal: null },
      output: '',
    });
    const statuses = await recipientStatuses(db, campaignId);
    expect(statuses.sending ?? 0).toBe(0);
    expect(statuses.uncertain ?? 0).toBe(0);
    expect(statuses.pending).toBeGreaterThan(0);
    // Whatever the sink took, the ledger recorded as sent.
    expect(statuses.sent).toBe(sink.received.length);

    sink.delayMs = 0;
    const next = await startWorker();
    await waitFor(
      () => sending.progress(campaignId),
      (p) => p.status === 'sent',
    );
    expect(await recipientStatuses(db, campaignId)).toEqual({ sent: 150 });
    expect(sink.received).toHaveLength(150);
    expect(new Set(sink.received.map((m) => m.to)).size).toBe(150);
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
  }, 180_000);

  it('two worker processes share one campaign without sending anything twice', async () => {
    // Both workers are up before the campaign starts, so both take jobs from the first message on.
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    sink.delayMs = 5;
    const campaignId = await startedCampaign(400);
    await waitFor(
      () => sending.progress(campaignId),
      (p) => p.status === 'sent',
      120_000,
    );
    expect(await recipientStatuses(db, campaignId)).toEqual({ sent: 400 });
    expect(sink.received).toHaveLength(400);
    expect(new Set(sink.received.map((m) => m.to)).size).toBe(400);
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
    expect((await b.exited).code).toBe(0);
  }, 180_000);
});
