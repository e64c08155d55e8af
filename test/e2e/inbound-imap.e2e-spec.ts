import { emailHash } from '@app/crm';
import { ImapPollerService } from '@app/tracking';
import { appendMessages, describeWithDovecot, Dovecot, flagsIn, startDovecot } from '../support/dovecot';
import { arfFor, crlf, dsnFor, outOfOfficeFor, replyTo } from '../support/inbound-messages';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { Received, Sink, startSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const REPLY_DOMAIN = 'svar.example.se';
const MAILBOX = 'svar@example.se';
const MALFORMED = Buffer.from('Det här är inget e-brev\r\n: : :\r\n\xff\xfe\xfd trasigt\r\n', 'latin1');

/**
 * Issue 11's IMAP story through the real app: a campaign goes out (VERP addresses on), and what comes back lands
 * in a real dovecot mailbox: a person's reply, a DSN bounce, an ARF complaint, an out-of-office and a message that
 * cannot be read. The app's own poller (started by the app because INBOUND_IMAP_HOST is set) takes them through the
 * one handler: each classified right, the bounce and the complaint suppress, the reply is in the inbox linked to
 * the contact and the campaign, the unreadable one is listed and stops nothing; a second poll and a restart of the
 * app on the same database take nothing twice.
 */
describeWithDovecot('Replies and bounces from a real IMAP mailbox, through the app', () => {
  let dovecot: Dovecot;
  let sink: Sink;
  let t: TestApp;
  let editor: LoggedIn;
  const ids: Record<string, string> = {};
  let campaignId: string;
  const mail: Record<string, Received> = {};

  const env = () => ({
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: sink.url,
    PUBLIC_BASE_URL: 'http://crm.example.se',
    REPLY_DOMAIN,
    INBOUND_IMAP_HOST: dovecot.host,
    INBOUND_IMAP_PORT: String(dovecot.port),
    INBOUND_IMAP_SECURE: 'false',
    INBOUND_IMAP_USER: MAILBOX,
    INBOUND_IMAP_PASSWORD: dovecot.password,
    // Polled by the test (pollOnce); the app's own timer polls too, and pollOnce waits for a poll under way.
    INBOUND_IMAP_INTERVAL_SECONDS: '3600',
  });

  const inbound = async () =>
    (await t.dataSource.query(
      `SELECT kind, contact_id, mailing_id FROM inbound_messages ORDER BY received_at, id`,
    )) as { kind: string; contact_id: string | null; mailing_id: string | null }[];

  beforeAll(async () => {
    [dovecot, sink] = await Promise.all([startDovecot([MAILBOX]), startSink()]);
    // The transports run where the worker runs: the app starts its poller because INBOUND_IMAP_HOST is set.
    t = await createTestApp(env(), { withWorker: true });
    editor = await createUserAndLogin(t, 'editor');
    const [{ id: templateId }] = await t.dataSource.query(
      `SELECT id FROM templates WHERE built_in_key = 'inbjudan'`,
    );
    const [{ id: listId }] = await t.dataSource.query(
      `INSERT INTO contact_lists (name) VALUES ('Alla') RETURNING id`,
    );
    for (const name of ['anna', 'bertil', 'cecilia', 'david']) {
      const [contact] = await t.dataSource.query(
        `INSERT INTO contacts (first_name, last_name, email) VALUES ($1, 'Test', $2) RETURNING id`,
        [name, `${name}@exempel.se`],
      );
      ids[name] = contact.id;
      await t.dataSource.query(`INSERT INTO contact_list_members (list_id, contact_id) VALUES ($1, $2)`, [
        listId,
        contact.id,
      ]);
    }
    const { body: c } = await editor
      .post('/api/campaigns')
      .send({
        name: 'Inbjudan till dialogmöte',
        audience: { type: 'list', listId },
        templateId,
        fromName: 'Förbundets kansli',
        fromAddress: 'kansli@forbundet.se',
      })
      .expect(201);
    campaignId = c.id;
    await editor.post(`/api/campaigns/${c.id}/start`).expect(200);
    // The worker sends them; the sink has each message once.
    await waitFor(
      () => sink.received.length,
      (n) => n >= 4,
      60_000,
    );
    for (const m of sink.received) mail[m.to.split('@')[0]] = m;
    expect(Object.keys(mail).sort()).toEqual(['anna', 'bertil', 'cecilia', 'david']);
  }, 120_000);
  afterAll(async () => {
    // After the restart the app runs on the first one's database, which it does not drop: dropped here.
    const db = t?.db;
    await t?.close();
    await db?.drop().catch(() => undefined);
    await sink?.close();
    await dovecot?.stop();
  });

  it('takes a reply, a bounce, a complaint, an out-of-office and an unreadable message, each right, once', async () => {
    expect(mail.anna.parsed.replyTo?.value[0]?.address).toMatch(/^svar\+[a-z2-7]{40}@svar\.example\.se$/);
    await appendMessages(dovecot, MAILBOX, [
      replyTo(mail.anna, 'Ja, vi kommer gärna!\n\n> Välkommen till dialogmötet'),
      MALFORMED,
      dsnFor(mail.bertil, '5.1.1'),
      arfFor(mail.cecilia),
      outOfOfficeFor(mail.david),
    ]);

    expect(await t.app.get(ImapPollerService).pollOnce()).toMatchObject({ status: 'done' });
    const taken = await inbound();
    expect(taken.map((m) => m.kind)).toEqual([
      'reply',
      'unreadable',
      'hard_bounce',
      'complaint',
      'auto_reply',
    ]);
    expect(taken.map((m) => m.contact_id)).toEqual([ids.anna, null, ids.bertil, ids.cecilia, ids.david]);
    expect(taken.filter((m) => m.contact_id).every((m) => m.mailing_id === campaignId)).toBe(true);

    // The bounce and the complaint suppress; the reply and the out-of-office do not.
    const reasons: Record<string, string | null> = {};
    for (const name of Object.keys(ids)) {
      const [found] = await t.dataSource.query(`SELECT reason FROM suppressions WHERE email_hash = $1`, [
        emailHash(`${name}@exempel.se`),
      ]);
      reasons[name] = found?.reason ?? null;
    }
    expect(reasons).toEqual({ anna: null, bertil: 'bounced', cecilia: 'complained', david: null });
    const [bounced] = await t.dataSource.query(
      `SELECT bounce FROM mailing_recipients WHERE mailing_id = $1 AND contact_id = $2`,
      [campaignId, ids.bertil],
    );
    expect(bounced.bounce).toBe('hard');

    // The reply is in the staff's inbox, without the quote, counted on the campaign; the out-of-office is not.
    const { body: replies } = await editor
      .get(`/api/replies?kind=reply&campaignId=${campaignId}`)
      .expect(200);
    expect(replies.items).toHaveLength(1);
    const { body: reply } = await editor.get(`/api/replies/${replies.items[0].id}`).expect(200);
    expect(reply.text).toContain('Ja, vi kommer gärna!');
    expect(reply.text).not.toContain('Välkommen till dialogmötet');
    const { body: campaign } = await editor.get(`/api/campaigns/${campaignId}`).expect(200);
    expect(campaign.replied).toBe(1);
    const { body: unreadable } = await editor.get('/api/replies?kind=unreadable').expect(200);
    expect(unreadable.items).toHaveLength(1);

    // Every message is marked as taken in the mailbox.
    const flags = await flagsIn(dovecot, MAILBOX);
    expect(flags).toHaveLength(5);
    expect(flags.every((m) => m.flags.includes('\\Seen'))).toBe(true);
  });

  it('takes nothing twice: not on a second poll, not after a restart on the same database', async () => {
    const before = (await inbound()).length;
    expect(await t.app.get(ImapPollerService).pollOnce()).toMatchObject({ status: 'done', taken: 0 });
    expect(await inbound()).toHaveLength(before);

    // A restart: the app closed and started again on its database, with one message that came in meanwhile.
    const db = t.db;
    await t.app.close();
    await appendMessages(dovecot, MAILBOX, [
      crlf(`From: Anna Test <anna@exempel.se>
To: ${String(mail.anna.parsed.replyTo?.value[0]?.address)}
Subject: Re: ${mail.anna.parsed.subject}
Message-ID: <efterat.1@exempel.se>
In-Reply-To: ${mail.anna.parsed.messageId}
Content-Type: text/plain; charset=utf-8

En fråga till: finns det parkering?
`),
    ]);
    t = await createTestApp(env(), { withWorker: true, database: db });
    await t.app.get(ImapPollerService).pollOnce();
    const after = await inbound();
    expect(after).toHaveLength(before + 1);
    expect(after[after.length - 1]).toMatchObject({
      kind: 'reply',
      contact_id: ids.anna,
      mailing_id: campaignId,
    });
    expect(await t.app.get(ImapPollerService).pollOnce()).toMatchObject({ status: 'done', taken: 0 });
    expect(await inbound()).toHaveLength(before + 1);
  });
});
