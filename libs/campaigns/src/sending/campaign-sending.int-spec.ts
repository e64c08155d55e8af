import { DataSource } from 'typeorm';
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

const ADMIN = { userId: null, email: 'admin@example.se' };

describe('campaign sending through the real worker (PostgreSQL, Redis, SMTP sink)', () => {
  let sink: Sink;
  let t: TestApp;
  let db: DataSource;
  let sending: CampaignSendingService;
  let templateId: string;

  beforeAll(async () => {
    sink = await startSink();
    t = await createTestApp(
      {
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        PUBLIC_BASE_URL: 'https://crm.example.se',
        SEND_RATE_PER_MINUTE: '0',
        SEND_RETRY_BASE_MS: '20',
        // Retries here are by design; the automatic pause has its own test.
        SEND_PAUSE_AFTER_FAILURES: '1000',
      },
      { withWorker: true },
    );
    db = t.dataSource;
    sending = t.app.get(CampaignSendingService, { strict: false });
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

  const waitUntilSent = (campaignId: string) =>
    waitFor(
      () => sending.progress(campaignId),
      (p) => p.status === 'sent',
      90_000,
    );

  it('sends a 1000-contact campaign: one message per contact, personal, with both unsubscribe headers and a stable Message-ID', async () => {
    const listId = await seedContacts(db, 1000, 'stor');
    const campaignId = await createCampaign(db, templateId, { type: 'list', listId });

    const started = await sending.start(campaignId, ADMIN);
    expect(started.status).toBe('sending');
    expect(started.total).toBe(1000);

    const done = await waitUntilSent(campaignId);
    expect(done.counts).toMatchObject({ sent: 1000, pending: 0, sending: 0, failed_temporary: 0 });

    expect(sink.received).toHaveLength(1000);
    const messageIds = new Set(sink.received.map((m) => m.parsed.messageId));
    expect(messageIds.size).toBe(1000);

    const contacts: { id: string; email: string; first_name: string; last_name: string; language: string }[] =
      await db.query(
        `SELECT id, email, first_name, last_name, language FROM contacts WHERE email LIKE 'stor%'`,
      );
    expect(contacts).toHaveLength(1000);
    const byTo = new Map(sink.received.map((m) => [m.to, m]));
    for (const c of contacts) {
      const m = byTo.get(c.email);
      expect(m).toBeDefined();
      expect(m!.parsed.messageId).toBe(`<${campaignId}.${c.id}@crm.example.se>`);
      if (c.language === 'en') {
        expect(m!.parsed.subject).toBe(`News for ${c.first_name}`);
        expect(m!.parsed.text).toContain(`Hello ${c.first_name} ${c.last_name}!`);
      } else {
        expect(m!.parsed.subject).toBe('Information till Förbundet stor');
        expect(m!.parsed.text).toContain(
          `Hej ${c.first_name} ${c.last_name} på Förbundet stor i Region Dalarna!`,
        );
        expect(m!.parsed.html).toContain(
          `Hej ${c.first_name} ${c.last_name} på Förbundet stor i Region Dalarna!`,
        );
      }
      // The header block, unfolded (long headers continue on lines starting with whitespace).
      const raw = m!.raw
        .toString()
        .split(/\r?\n\r?\n/)[0]
        .replace(/\r?\n[ \t]+/g, ' ');
      const unsubscribe = /^List-Unsubscribe: <(https:\/\/crm\.example\.se\/u\/[A-Za-z0-9_-]+)>\r?$/m.exec(
        raw,
      )?.[1];
      expect(unsubscribe).toBeDefined();
      expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      // The link in the body is the same personal unsubscribe link.
      expect(m!.parsed.html).toContain(unsubscribe);
    }
    // One of them in detail, sender and reply-to.
    const first = sink.received[0].parsed;
    expect(first.from?.value[0]).toEqual({ name: 'Förbundets kansli', address: 'kansli@example.se' });
    expect(first.replyTo?.value[0].address).toBe('svar@example.se');

    // The ledger: every row sent with its Message-ID and SMTP answer; the campaign is finished and audited.
    const [ledger] = await db.query(
      `SELECT count(*) FILTER (WHERE status = 'sent' AND message_id IS NOT NULL AND smtp_response LIKE '250%'
                                AND sent_at IS NOT NULL AND attempts = 1) AS ok,
              count(*) AS total
         FROM mailing_recipients WHERE mailing_id = $1`,
      [campaignId],
    );
    expect(ledger).toEqual({ ok: '1000', total: '1000' });
    const [campaign] = await db.query(
      `SELECT status, finished_at, template_version_id FROM campaigns WHERE id = $1`,
      [campaignId],
    );
    expect(campaign.status).toBe('sent');
    expect(campaign.finished_at).not.toBeNull();
    expect(campaign.template_version_id).not.toBeNull();
    const audits: { action: string; details: Record<string, unknown> }[] = await db.query(
      `SELECT action, details FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [campaignId],
    );
    expect(audits.map((a) => a.action)).toEqual(['campaign.started', 'campaign.finished']);
    expect(audits[0].details).toMatchObject({ recipients: 1000, suppressed: 0 });
  });

  it('starting the same campaign twice at once snapshots once and sends N messages, not 2N', async () => {
    const listId = await seedContacts(db, 50, 'dubbel');
    const campaignId = await createCampaign(db, templateId, { type: 'list', listId });

    const [a, b] = await Promise.all([sending.start(campaignId, ADMIN), sending.start(campaignId, ADMIN)]);
    expect([a.total, b.total]).toEqual([50, 50]);
    await waitUntilSent(campaignId);
    // A third start after the end changes nothing either.
    expect((await sending.start(campaignId, ADMIN)).status).toBe('sent');

    expect(sink.received).toHaveLength(50);
    expect(new Set(sink.received.map((m) => m.to)).size).toBe(50);
    expect(await recipientStatuses(db, campaignId)).toEqual({ sent: 50 });
    const [{ n }] = await db.query(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'campaign.started' AND target_id = $1`,
      [campaignId],
    );
    expect(n).toBe('1');
  });
  it('retries 451 answers with backoff until all are delivered; a 550 5.1.1 is failed_permanent, suppressed and not retried', async () => {
    const listId = await seedContacts(db, 200, 'grylista');
    const campaignId = await createCampaign(db, templateId, { type: 'list', listId });
    const unknown = 'grylista7@exempel.se';
    const seen = new Map<string, number>();
    sink.answer = (to) => {
      const n = (seen.get(to) ?? 0) + 1;
      seen.set(to, n);
      if (to === unknown)
        return { code: 550, text: '5.1.1 <grylista7@exempel.se>: Recipient address rejected: User unknown' };
      const index = Number(/(\d+)@/.exec(to)?.[1]);
      // 30 % of the addresses are greylisted on their first attempt, a few of them on the second too.
      if (index % 10 < 3 && n === 1) return { code: 451, text: '4.7.1 Greylisted, try again later' };
      if (index % 50 === 1 && n === 2) return { code: 421, text: '4.3.0 Try again later' };
      return { accept: true };
    };

    await sending.start(campaignId, ADMIN);
    const done = await waitUntilSent(campaignId);

    expect(done.counts).toMatchObject({
      sent: 199,
      failed_permanent: 1,
      pending: 0,
      failed_temporary: 0,
      sending: 0,
    });
    // Exactly one accepted message per address, whatever the number of attempts.
    expect(sink.received).toHaveLength(199);
    expect(new Set(sink.received.map((m) => m.to)).size).toBe(199);
    expect(sink.rejected.filter((to) => to === unknown)).toHaveLength(1);
    expect(sink.rejected.length).toBeGreaterThanOrEqual(60);

    const [retried] = await db.query(
      `SELECT count(*) FILTER (WHERE attempts = 2) AS two, count(*) FILTER (WHERE attempts = 3) AS three
         FROM mailing_recipients WHERE mailing_id = $1 AND status = 'sent'`,
      [campaignId],
    );
    expect(retried).toEqual({ two: String(60 - 4), three: '4' });
    const [bounced] = await db.query(
      `SELECT status, attempts, last_error, smtp_response FROM mailing_recipients WHERE mailing_id = $1 AND email = $2`,
      [campaignId, unknown],
    );
    expect(bounced).toMatchObject({ status: 'failed_permanent', attempts: 1 });
    expect(bounced.smtp_response).toContain('5.1.1');
    const [suppression] = await db.query(
      `SELECT reason, source FROM suppressions WHERE email_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [unknown],
    );
    expect(suppression).toEqual({ reason: 'bounced', source: 'smtp:5.1.1' });
  });
});
