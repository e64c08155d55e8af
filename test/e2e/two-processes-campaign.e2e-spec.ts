import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loginAs, LoggedIn } from '../support/login';
import {
  ADMIN,
  baseEnv,
  embeddedEnv,
  ensureBuilt,
  freePorts,
  Ports,
  readRuntime,
  RunningProcess,
  startApp,
  stopAll,
  waitFor,
  waitForHealthy,
} from '../support/processes';
import { Sink, startSink } from '../support/smtp-sink';

const RECIPIENTS = 1000;
const CONCURRENCY = 4;

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * Issue 7, done: `npm start` and `npm run start:worker` on one DATA_DIR send one campaign of 1000 together, with
 * no message twice; kill -9 of the worker leaves at most its messages in flight uncertain, and staff settle them
 * over the API.
 */
describe('one campaign, two processes on one DATA_DIR, a worker killed mid-send', () => {
  let sink: Sink;
  let dataDir: string;
  let ports: Ports;
  let owner: RunningProcess | undefined;
  let worker: RunningProcess | undefined;
  let staff: LoggedIn;

  beforeAll(async () => {
    ensureBuilt();
    sink = await startSink();
    dataDir = mkdtempSync(join(tmpdir(), 'crm-two-'));
    ports = await freePorts();
  }, 180_000);
  afterAll(async () => {
    await stopAll(worker, owner);
    await sink?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends 1000 messages once each from both processes; the killed worker leaves uncertain rows that staff resolve', async () => {
    const sending = {
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: sink.url,
      SEND_RATE_PER_MINUTE: '0',
      SEND_CONCURRENCY: String(CONCURRENCY),
      SEND_CLAIM_TIMEOUT_SECONDS: '10',
      LOG_LEVEL: 'warn',
    };
    // npm start (API with its own worker) on the embedded defaults, and a worker attached to its servers.
    owner = startApp('api', embeddedEnv(dataDir, ports, sending));
    await waitForHealthy(ports.http, owner);
    worker = startApp('worker', baseEnv({ DATA_DIR: dataDir, ...sending }));
    await worker.waitForOutput(/Arbetaren är igång/);
    const db = readRuntime(dataDir).postgres.url;

    // 1000 contacts in a list, set up directly (the import is tested elsewhere).
    const [{ id: listId }] = await query<{ id: string }>(
      db,
      `INSERT INTO contact_lists (name) VALUES ('Alla medlemmar') RETURNING id`,
    );
    await query(
      db,
      `WITH created AS (
         INSERT INTO contacts (first_name, last_name, email, created_at)
         SELECT 'Förnamn' || i, 'Efternamn' || i, 'medlem' || i || '@exempel.se', now() + i * interval '1 ms'
           FROM generate_series(1, $1::int) i RETURNING id)
       INSERT INTO contact_list_members (list_id, contact_id) SELECT $2, id FROM created`,
      [RECIPIENTS, listId],
    );
    const [{ id: templateId }] = await query<{ id: string }>(
      db,
      `SELECT id FROM templates WHERE built_in_key = 'informationsbrev'`,
    );

    staff = await loginAs(`http://127.0.0.1:${ports.http}`, ADMIN.email, ADMIN.password);
    const { body: campaign } = await staff
      .post('/api/campaigns')
      .send({
        name: 'Höstbrev till alla',
        audience: { type: 'list', listId },
        templateId,
        fromName: 'Förbundets kansli',
        fromAddress: 'kansli@forbundet.se',
      })
      .expect(201);
    // Slow enough that both processes have messages in flight when the worker dies.
    sink.delayMs = 30;
    await staff.post(`/api/campaigns/${campaign.id}/start`).expect(200);

    const workerTag = `:${worker.pid}`;
    const claimedByWorker = async () =>
      (
        await query<{ n: number }>(
          db,
          `SELECT count(*)::int AS n FROM mailing_recipients WHERE mailing_id = $1 AND claimed_by LIKE $2`,
          [campaign.id, `%${workerTag}`],
        )
      )[0].n;
    expect(await waitFor(async () => (await claimedByWorker()) >= 100, 60_000)).toBe(true);
    worker.child.kill('SIGKILL');
    expect((await worker.exited).signal).toBe('SIGKILL');
    sink.delayMs = 0;

    // The API process's worker sends the rest (BullMQ hands it the dead worker's blocks); the dead worker's
    // claims become uncertain once older than SEND_CLAIM_TIMEOUT_SECONDS, at the next maintenance run.
    const progress = async () => (await staff.get(`/api/mailings/${campaign.id}`).expect(200)).body;
    expect(
      await waitFor(async () => {
        const p = await progress();
        return p.counts.pending === 0 && p.counts.sending === 0 && p.counts.failed_temporary === 0;
      }, 120_000),
    ).toBe(true);
    const { body: uncertain } = await staff.get(`/api/mailings/${campaign.id}/uncertain`).expect(200);
    expect(uncertain.items.length).toBeGreaterThan(0);
    expect(uncertain.items.length).toBeLessThanOrEqual(CONCURRENCY);
    for (const item of uncertain.items) {
      expect(item.claimedBy).toMatch(new RegExp(`${workerTag}$`));
      expect(item.expectedMessageId).toBe(`${campaign.id}.${item.contactId}@localhost`);
    }
    // Both processes sent: the ledger names two claimers among the sent rows.
    const claimers = await query<{ claimed_by: string }>(
      db,
      `SELECT DISTINCT claimed_by FROM mailing_recipients WHERE mailing_id = $1 AND status = 'sent'`,
      [campaign.id],
    );
    expect(claimers.map((c) => c.claimed_by.endsWith(workerTag)).sort()).toEqual([false, true]);

    // Staff settle them: the first is sent once more, the others are marked sent (their relay logged them).
    const [resend, ...arrived] = uncertain.items as { id: string; email: string }[];
    await staff
      .post(`/api/mailings/${campaign.id}/recipients/${resend.id}/resolve`)
      .send({ resolution: 'resent' })
      .expect(200);
    for (const row of arrived) {
      await staff
        .post(`/api/mailings/${campaign.id}/recipients/${row.id}/resolve`)
        .send({ resolution: 'marked_sent' })
        .expect(200);
    }
    await staff
      .post(`/api/mailings/${campaign.id}/recipients/${resend.id}/resolve`)
      .send({ resolution: 'marked_sent' })
      .expect(409);
    expect(
      await waitFor(
        async () => (await staff.get(`/api/campaigns/${campaign.id}`).expect(200)).body.status === 'sent',
        60_000,
      ),
    ).toBe(true);
    const final = await progress();
    expect(final.counts).toMatchObject({ sent: RECIPIENTS, uncertain: 0, pending: 0 });

    // Exactly one message per address, apart from what the dead worker had in flight: each of those at most
    // twice for the resent row (once if it had not reached the server) and at most once for the others.
    const perAddress = new Map<string, number>();
    for (const m of sink.received) perAddress.set(m.to, (perAddress.get(m.to) ?? 0) + 1);
    const inFlight = new Set(uncertain.items.map((i: { email: string }) => i.email));
    const rows = await query<{ email: string }>(
      db,
      `SELECT email FROM mailing_recipients WHERE mailing_id = $1`,
      [campaign.id],
    );
    expect(rows).toHaveLength(RECIPIENTS);
    const wrong = rows.filter((r) => {
      const n = perAddress.get(r.email) ?? 0;
      if (r.email === resend.email) return n < 1 || n > 2;
      if (inFlight.has(r.email)) return n > 1;
      return n !== 1;
    });
    expect(wrong).toEqual([]);
    const audits = await query<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'mailing.uncertain_resolved' AND target_id = $1`,
      [campaign.id],
    );
    expect(audits[0].n).toBe(uncertain.items.length);
  }, 300_000);
});
