import { emailHash } from '@app/crm';
import { MessageSender } from '@app/sending';
import { InboundMailSink } from '@app/tracking';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createUserAndLogin, LoggedIn, loginAsAdmin } from '../support/login';
import { CORPUS, crlf, dsnFor, expectedKind, replyTo } from '../support/inbound-messages';
import { Received, Sink, startSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';

const REPLY_DOMAIN = 'svar.example.se';

describe('Inbound mail (POST /api/inbound, /api/replies) with REPLY_DOMAIN', () => {
  let t: TestApp;
  let sink: Sink;
  let admin: LoggedIn;
  let editor: LoggedIn;
  let templateId: string;
  let listId: string;
  const ids: Record<string, string> = {};
  const people = ['anna', 'bertil', 'cecilia', 'david', 'erik', 'fanny'];

  const post = (raw: Buffer, as: LoggedIn = admin, type = 'message/rfc822') =>
    as.post('/api/inbound').set('Content-Type', type).send(raw);

  /** A campaign to everyone on the list, sent to the sink; the messages by recipient name. */
  async function sendCampaign(name: string): Promise<{ id: string; mail: Record<string, Received> }> {
    const { body: c } = await editor
      .post('/api/campaigns')
      .send({
        name,
        audience: { type: 'list', listId },
        templateId,
        fromName: 'Förbundets kansli',
        fromAddress: 'kansli@forbundet.se',
      })
      .expect(201);
    await editor.post(`/api/campaigns/${c.id}/start`).expect(200);
    const rows: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM mailing_recipients WHERE mailing_id = $1 AND status = 'pending' ORDER BY id`,
      [c.id],
    );
    const before = sink.received.length;
    for (const r of rows) await t.app.get(MessageSender).sendOne(r.id);
    const mail: Record<string, Received> = {};
    for (const m of sink.received.slice(before)) mail[m.to.split('@')[0]] = m;
    return { id: c.id, mail };
  }

  beforeAll(async () => {
    sink = await startSink();
    t = await createTestApp(
      {
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        PUBLIC_BASE_URL: 'http://crm.example.se',
        REPLY_DOMAIN,
      },
      { withWorker: false },
    );
    admin = await loginAsAdmin(t);
    editor = await createUserAndLogin(t, 'editor');
    [{ id: templateId }] = await t.dataSource.query(
      `SELECT id FROM templates WHERE built_in_key = 'inbjudan'`,
    );
    [{ id: listId }] = await t.dataSource.query(
      `INSERT INTO contact_lists (name) VALUES ('Alla') RETURNING id`,
    );
    for (const name of people) {
      const [row] = await t.dataSource.query(
        `INSERT INTO contacts (first_name, last_name, email) VALUES ($1, 'Test', $2) RETURNING id`,
        [name, `${name}@exempel.se`],
      );
      ids[name] = row.id;
      await t.dataSource.query(`INSERT INTO contact_list_members (list_id, contact_id) VALUES ($1, $2)`, [
        listId,
        row.id,
      ]);
    }
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('classifies every file of the corpus as its name says', async () => {
    const files = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.eml'))
      .sort();
    expect(files).toHaveLength(24);
    for (const file of files) {
      const res = await post(readFileSync(join(CORPUS, file)), admin, 'application/octet-stream');
      if (res.status !== 200) throw new Error(`${file}: ${res.status} ${JSON.stringify(res.body)}`);
      expect({ file, kind: res.body.kind }).toEqual({ file, kind: expectedKind(file) });
      // rfc3464-01 carries the very Message-ID of lhost-sendmail-01 (the same report): taken in once.
      expect({ file, duplicate: res.body.duplicate }).toEqual({ file, duplicate: file === 'rfc3464-01.eml' });
    }
  });

  let first: { id: string; mail: Record<string, Received> };

  it('sends each message with Reply-To svar+TOKEN and envelope sender studs+TOKEN; From unchanged', async () => {
    first = await sendCampaign('Första');
    const anna = first.mail.anna;
    expect(anna.parsed.from?.value[0]?.address).toBe('kansli@forbundet.se');
    expect(anna.parsed.replyTo?.value[0]?.address).toMatch(
      new RegExp(`^svar\\+[a-z2-7]{40}@${REPLY_DOMAIN}$`),
    );
    expect(anna.from).toMatch(new RegExp(`^studs\\+[a-z2-7]{40}@${REPLY_DOMAIN}$`));
    expect(anna.from.split('@')[0].length).toBeLessThanOrEqual(64);
    expect(first.mail.bertil.from).not.toBe(anna.from);
  });

  it('links a reply to svar+TOKEN to the contact and campaign, counts it as replied, and not an auto-reply', async () => {
    const res = await post(
      replyTo(
        first.mail.anna,
        'Ja, jag kommer gärna!\n\nDen 3 dec. 2026 skrev Förbundet <kansli@forbundet.se>:\n> Välkommen',
      ),
    ).expect(200);
    expect(res.body).toMatchObject({ kind: 'reply', duplicate: false });
    const { body: reply } = await editor.get(`/api/replies/${res.body.id}`).expect(200);
    expect(reply).toMatchObject({
      kind: 'reply',
      matchedBy: 'verp',
      contactId: ids.anna,
      campaignId: first.id,
      mailingId: first.id,
      text: 'Ja, jag kommer gärna!',
      handled: false,
    });
    const auto = await post(
      replyTo(first.mail.bertil, 'Jag är på semester.', {
        'Auto-Submitted': 'auto-replied',
        Subject: 'Autosvar',
      }),
    ).expect(200);
    expect(auto.body.kind).toBe('auto_reply');
    const { body: campaign } = await editor.get(`/api/campaigns/${first.id}`).expect(200);
    expect(campaign.replied).toBe(1);
    // On the contact's timeline.
    const { body: timeline } = await editor.get(`/api/contacts/${ids.anna}/timeline`).expect(200);
    expect(timeline.items.find((i: { kind: string }) => i.kind === 'reply')).toMatchObject({
      details: { replyId: res.body.id, replyKind: 'reply', mailingId: first.id },
    });
  });

  it('a hard bounce to studs+TOKEN suppresses the address and marks the row', async () => {
    const res = await post(dsnFor(first.mail.bertil, '5.1.1')).expect(200);
    expect(res.body.kind).toBe('hard_bounce');
    const [row] = await t.dataSource.query(
      `SELECT bounce, bounce_status FROM mailing_recipients WHERE mailing_id = $1 AND contact_id = $2`,
      [first.id, ids.bertil],
    );
    expect(row).toEqual({ bounce: 'hard', bounce_status: '5.1.1' });
    const [s] = await t.dataSource.query(`SELECT reason FROM suppressions WHERE email_hash = $1`, [
      emailHash('bertil@exempel.se'),
    ]);
    expect(s).toEqual({ reason: 'bounced' });
    const { body: stored } = await editor.get(`/api/replies/${res.body.id}`).expect(200);
    expect(stored).toMatchObject({ matchedBy: 'verp', bounceStatus: '5.1.1', contactId: ids.bertil });
  });

  it('a soft bounce is counted; soft bounces in three campaigns suppress the address', async () => {
    const suppressed = async () =>
      (
        await t.dataSource.query(`SELECT 1 FROM suppressions WHERE email_hash = $1`, [
          emailHash('cecilia@exempel.se'),
        ])
      ).length > 0;
    const first = await post(dsnFor(firstCampaignMail('cecilia'), '4.2.2')).expect(200);
    expect(first.body.kind).toBe('soft_bounce');
    // The same message again (a second report for the same mailing) does not count twice.
    await post(dsnFor(firstCampaignMail('cecilia'), '4.2.2')).expect(200);
    expect(await suppressed()).toBe(false);
    const second = await sendCampaign('Andra');
    await post(dsnFor(second.mail.cecilia, '4.4.7')).expect(200);
    expect(await suppressed()).toBe(false);
    const third = await sendCampaign('Tredje');
    await post(dsnFor(third.mail.cecilia, '4.2.2')).expect(200);
    expect(await suppressed()).toBe(true);
    const rows = await t.dataSource.query(
      `SELECT bounce FROM mailing_recipients WHERE contact_id = $1 AND bounce IS NOT NULL`,
      [ids.cecilia],
    );
    expect(rows).toHaveLength(3);
  });

  function firstCampaignMail(name: string): Received {
    return first.mail[name];
  }

  it('a complaint suppresses the address as complained', async () => {
    const mail = first.mail.david;
    const arf = crlf(`From: fbl@isp.exempel.se
To: ${mail.from}
Subject: Complaint about message
Message-ID: <arf.1@isp.exempel.se>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="AA"

--AA
Content-Type: text/plain

This is an abuse report.

--AA
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: isp-fbl/1.0
Version: 1
Original-Rcpt-To: <${mail.to}>

--AA
Content-Type: text/rfc822-headers

Message-ID: <${mail.parsed.messageId?.replace(/^<|>$/g, '')}>

--AA--
`);
    const res = await post(arf).expect(200);
    expect(res.body.kind).toBe('complaint');
    const [s] = await t.dataSource.query(`SELECT reason FROM suppressions WHERE email_hash = $1`, [
      emailHash('david@exempel.se'),
    ]);
    expect(s).toEqual({ reason: 'complained' });
    const [row] = await t.dataSource.query(
      `SELECT bounce FROM mailing_recipients WHERE mailing_id = $1 AND contact_id = $2`,
      [first.id, ids.david],
    );
    expect(row.bounce).toBe('complaint');
  });

  it('takes the same message only once', async () => {
    const raw = replyTo(first.mail.erik, 'Tack!');
    const a = await post(raw).expect(200);
    const b = await post(raw).expect(200);
    expect(b.body).toEqual({ id: a.body.id, kind: 'reply', duplicate: true });
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM inbound_messages WHERE contact_id = $1`,
      [ids.erik],
    );
    expect(n).toBe(1);
  });

  it('a forged or altered token matches nothing: it falls back to the Message-ID, or is stored unmatched', async () => {
    const real = first.mail.fanny;
    const address = String(real.parsed.replyTo?.value[0]?.address);
    const token = address.slice(5, 45);
    const altered = `svar+${token.slice(0, 10)}${token[10] === 'a' ? 'b' : 'a'}${token.slice(11)}@${REPLY_DOMAIN}`;
    const unmatched = await post(replyTo(real, 'Förfalskad', { To: altered })).expect(200);
    const { body: u } = await editor.get(`/api/replies/${unmatched.body.id}`).expect(200);
    expect(u).toMatchObject({ kind: 'reply', matchedBy: 'none', contactId: null });
    // A token of another purpose (the bounce address) is no reply token either; the thread still names the row.
    const fallback = await post(
      replyTo(real, 'Via tråden', {
        To: `svar+${real.from.slice(6, 46)}@${REPLY_DOMAIN}`,
        'In-Reply-To': `<${real.parsed.messageId?.replace(/^<|>$/g, '')}>`,
      }),
    ).expect(200);
    const { body: f } = await editor.get(`/api/replies/${fallback.body.id}`).expect(200);
    expect(f).toMatchObject({ matchedBy: 'message_id', contactId: ids.fanny });
    await post(replyTo(real, 'Skräp', { To: `svar+${'0'.repeat(40)}@${REPLY_DOMAIN}` })).expect(200);
  });

  it('the sink (as the IMAP poller calls it) knows a message by folder, UIDVALIDITY and UID, and never throws on garbage', async () => {
    const sink = t.app.get(InboundMailSink);
    const origin = { kind: 'imap', mailbox: 'INBOX', uidValidity: '7', uid: 42 } as const;
    // No Message-ID: only the origin says it is the same message.
    const raw = crlf(`From: okand@exempel.se\nSubject: Hej\n\nUtan Message-ID\n`);
    const a = await sink.receive(raw, origin);
    const b = await sink.receive(raw, origin);
    expect(a).toMatchObject({ kind: 'reply', duplicate: false });
    expect(b).toEqual({ id: a.id, kind: 'reply', duplicate: true });
    const other = await sink.receive(raw, { ...origin, uid: 43 });
    expect(other.duplicate).toBe(false);
    const huge = await sink.receive(Buffer.alloc(10 * 1024 * 1024 + 1, 'x'), { ...origin, uid: 44 });
    expect(huge.kind).toBe('unreadable');
    const nul = await sink.receive(
      crlf(`From: a@exempel.se\nSubject: nul\u0000byte\nMessage-ID: <nul.1@exempel.se>\n\ntext\u0000mer\n`),
      {
        kind: 'smtp',
        remoteAddress: '127.0.0.1',
        envelopeFrom: null,
        recipients: ['svar+nonsense@svar.example.se'],
      },
    );
    expect(nul.kind).toBe('reply');
  });

  it('malformed input lands in the "could not read" list with a 2xx', async () => {
    const res = await post(Buffer.from('this is not a mail message at all\r\n')).expect(200);
    expect(res.body.kind).toBe('unreadable');
    const binary = await post(Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10, 0])).expect(200);
    expect(binary.body.kind).toBe('unreadable');
    const { body: list } = await editor.get('/api/replies?kind=unreadable').expect(200);
    const found = list.items.find((i: { id: string }) => i.id === res.body.id);
    expect(found.reason).toMatch(/brevhuvud/);
  });

  it('refuses a body that is too large with a 413 in Swedish, an empty one with 400, a wrong type with 415', async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024 + 10, 'a');
    const res = await post(huge).expect(413);
    expect(res.body.message).toMatch(/för stor/);
    await admin.post('/api/inbound').set('Content-Type', 'message/rfc822').send(Buffer.alloc(0)).expect(400);
    await admin.post('/api/inbound').set('Content-Type', 'text/plain').send('From: x').expect(415);
  });

  it('only an administrator may post mail (403)', async () => {
    await post(replyTo(first.mail.anna, 'Hej'), editor).expect(403);
    const viewer = await createUserAndLogin(t, 'viewer');
    await post(replyTo(first.mail.anna, 'Hej'), viewer).expect(403);
    await request(t.server).post('/api/inbound').set('Content-Type', 'message/rfc822').send('x').expect(401);
  });

  it('filters the inbox, toggles handled (audited, editors only), and serves sanitised HTML under a strict CSP', async () => {
    const html = crlf(`From: Anna <anna@exempel.se>
To: ${String(first.mail.anna.parsed.replyTo?.value[0]?.address)}
Subject: Re: med HTML
Message-ID: <html.1@exempel.se>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p onclick="alert(1)">Hej <b>där</b></p><script>alert(2)</script><img src="https://tracker.example/p.gif"><img src="data:image/png;base64,iVBORw0KGgo=">
`);
    const { body: posted } = await post(html).expect(200);
    const { body: replies } = await editor.get(`/api/replies?kind=reply&campaignId=${first.id}`).expect(200);
    expect(
      replies.items.every(
        (i: { kind: string; campaignId: string }) => i.kind === 'reply' && i.campaignId === first.id,
      ),
    ).toBe(true);
    expect(replies.items.map((i: { id: string }) => i.id)).toContain(posted.id);
    const { body: bounces } = await editor.get('/api/replies?kind=hard_bounce').expect(200);
    expect(bounces.items.length).toBeGreaterThan(0);

    const page = await editor.get(`/api/replies/${posted.id}/html`).expect(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain('img-src data:;');
    expect(page.headers['content-security-policy']).toContain('sandbox');
    expect(page.text).toContain('<b>där</b>');
    expect(page.text).not.toMatch(/script|onclick|tracker\.example/);
    expect(page.text).toContain('data:image/png');

    const viewer = await createUserAndLogin(t, 'viewer');
    await viewer.patch(`/api/replies/${posted.id}`).send({ handled: true }).expect(403);
    const { body: handled } = await editor
      .patch(`/api/replies/${posted.id}`)
      .send({ handled: true })
      .expect(200);
    expect(handled).toMatchObject({ handled: true, handledBy: editor.user.id });
    const [audit] = await t.dataSource.query(
      `SELECT action, actor_user_id FROM audit_log WHERE target_id = $1`,
      [posted.id],
    );
    expect(audit).toEqual({ action: 'reply.handled', actor_user_id: editor.user.id });
    const { body: open } = await editor.get('/api/replies?handled=false&kind=reply').expect(200);
    expect(open.items.map((i: { id: string }) => i.id)).not.toContain(posted.id);
    const { body: done } = await editor.get('/api/replies?handled=true').expect(200);
    expect(done.items.map((i: { id: string }) => i.id)).toEqual([posted.id]);
    await editor.get('/api/replies?kind=nonsense').expect(400);
    await editor.patch(`/api/replies/${posted.id}`).send({ handled: 'ja' }).expect(400);
    await editor.get('/api/replies/00000000-0000-0000-0000-000000000000').expect(404);
  });

  it("a contact's erasure removes their replies' personal data; the export includes them", async () => {
    const { body: exported } = await editor.get(`/api/contacts/${ids.anna}/export`).expect(200);
    expect(JSON.stringify(exported)).toContain('Ja, jag kommer gärna!');
    await admin
      .delete(`/api/contacts/${ids.anna}?erase=true`)
      .expect((res) => expect(res.status).toBeLessThan(300));
    const rows = await t.dataSource.query(
      `SELECT from_address, text, subject FROM inbound_messages WHERE text LIKE '%kommer gärna%' OR from_address = 'anna@exempel.se'`,
    );
    expect(rows).toEqual([]);
  });
});
