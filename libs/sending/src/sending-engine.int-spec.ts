import { AuditActor } from '@app/audit';
import { Contact, ContactsService } from '@app/crm';
import { TemplatesService } from '@app/mail';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { startSink, Sink } from '../../../test/support/smtp-sink';
import { createTestApp, TestApp } from '../../../test/support/test-app';
import { Mailing } from './ledger/mailing.entity';
import { EngineTransition, MailingHooks, RenderRequest, SendingPorts } from './ports/sending-ports';
import { MailingLifecycle } from './lifecycle/mailing-lifecycle.service';
import { MessageComposer } from './compose/message-composer';
import { SendingMaintenance } from './maintenance/sending-maintenance.service';
import { UncertainRecipients } from './uncertain/uncertain-recipients.service';
import { MessageSender } from './send/message-sender.service';
import { waitFor } from '../../../test/support/wait-for';

const STAFF: AuditActor = { userId: null, email: 'kansliet@example.se' };
const SCOPE_TYPE = 'provmote';

const CONFIRMATION_MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hej {{firstName}}! Du är anmäld till {{meeting.title}} i {{meeting.city}} {{meeting.date}}.</mj-text>
<mj-text><a href="{{rsvpUrl}}">Ändra ditt svar</a> · <a href="{{unsubscribeUrl}}">Avsluta</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

const NOTICE_MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hej {{firstName}}! {{notice.text}}</mj-text>
<mj-text><a href="{{unsubscribeUrl}}">Avsluta</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * The engine with a purpose that is not a campaign: a fake feature (a meeting with confirmations) plugs in a
 * render source and lifecycle hooks; one-off messages, threads, attachments, suppression at send time,
 * withdrawal at send time, the uncertain rows staff settle, and erasure all go through the same ledger and
 * worker.
 */
describe('sending engine: a second purpose through the same ports, ledger and worker', () => {
  let sink: Sink;
  let t: TestApp;
  let db: DataSource;
  let lifecycle: MailingLifecycle;
  let versionId: string;
  const transitions: { mailingId: string; kind: EngineTransition['kind']; inTransaction: boolean }[] = [];
  const renderRequests: RenderRequest[] = [];

  beforeAll(async () => {
    sink = await startSink();
    t = await createTestApp(
      {
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        PUBLIC_BASE_URL: 'https://crm.example.se',
        SEND_RATE_PER_MINUTE: '0',
      },
      { withWorker: true },
    );
    db = t.dataSource;
    lifecycle = t.app.get(MailingLifecycle);
    const ports = t.app.get(SendingPorts);
    // The fake feature: its confirmations know the meeting, answer in the thread of the invitation and carry
    // the meeting as a calendar file. It stands in for the meetings' own confirmation source (registered by
    // the app), so the engine is tested on its own.
    const confirmations = ports.renderSourceFor('confirmation')!;
    jest.spyOn(confirmations, 'extras').mockImplementation((request: RenderRequest) => {
      renderRequests.push(request);
      return {
        variables: {
          'meeting.title': 'Dialogmöte',
          'meeting.city': 'Falun',
          'meeting.date': 'tisdag 14 mars 2027',
          rsvpUrl: `https://crm.example.se/r/prov-${request.contactId}`,
        },
        inReplyTo: `inbjudan.${request.contactId}@crm.example.se`,
        references: [`inbjudan.${request.contactId}@crm.example.se`],
        attachments: [
          {
            filename: 'dialogmote.ics',
            contentType: 'text/calendar; method=REQUEST; charset=utf-8',
            content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n',
          },
        ],
      };
    });
    const hooks: MailingHooks = {
      scopeType: SCOPE_TYPE,
      lockScope: async () => undefined,
      onTransition: async (mailing: Mailing, transition: EngineTransition, m: EntityManager) => {
        const [{ inTx }] = await m.query(`SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS "inTx"`);
        transitions.push({ mailingId: mailing.id, kind: transition.kind, inTransaction: inTx });
      },
    };
    ports.registerHooks(hooks);
    const template = await t.app.get(TemplatesService).create({
      name: 'Bekräftelse',
      purpose: 'confirmation',
      sv: { subject: 'Välkommen till {{meeting.title}}', mjml: CONFIRMATION_MJML },
    });
    versionId = template.currentVersionId!;
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });
  const afterTest: (() => void)[] = [];
  afterEach(() => {
    for (const undo of afterTest.splice(0)) undo();
  });
  beforeEach(() => {
    sink.received.length = 0;
    sink.answer = () => ({ accept: true });
  });

  async function contact(firstName: string): Promise<{ id: string; email: string }> {
    const c = await t.app.get(ContactsService).create({
      firstName,
      lastName: 'Prov',
      email: `${firstName.toLowerCase()}.${randomUUID().slice(0, 8)}@exempel.se`,
    });
    return { id: c.id, email: c.email! };
  }

  const spec = (title = 'Bekräftelse') => ({
    purpose: 'confirmation' as const,
    scope: { type: SCOPE_TYPE, id: randomUUID() },
    title,
    templateVersionId: versionId,
    subject: null,
    fromName: 'Förbundets kansli',
    fromAddress: 'kansli@example.se',
    replyTo: null,
    rateLimitPerMinute: null,
  });

  const rowOf = async (recipientId: string) =>
    (
      await db.query(
        `SELECT status, attempts, message_id, claimed_by, resolution, resolved_by FROM mailing_recipients WHERE id = $1`,
        [recipientId],
      )
    )[0];

  it('sends a one-off message through the ledger and worker, with its purpose variables, thread and calendar file', async () => {
    const eva = await contact('Eva');
    const { mailingId, recipientId, status } = await lifecycle.sendOne(spec(), eva);
    expect(status).toBe('pending');
    await waitFor(
      () => rowOf(recipientId),
      (r) => r.status === 'sent',
    );
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0].parsed;
    expect(mail.subject).toBe('Välkommen till Dialogmöte');
    expect(mail.text).toContain('Hej Eva! Du är anmäld till Dialogmöte i Falun tisdag 14 mars 2027.');
    expect(mail.html).toContain(`https://crm.example.se/r/prov-${eva.id}`);
    expect(mail.messageId).toBe(`<${mailingId}.${eva.id}@crm.example.se>`);
    expect(mail.inReplyTo).toBe(`<inbjudan.${eva.id}@crm.example.se>`);
    expect(mail.references).toBe(`<inbjudan.${eva.id}@crm.example.se>`);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['dialogmote.ics', 'text/calendar'],
    ]);
    expect(mail.attachments[0].content.toString()).toContain('BEGIN:VCALENDAR');
    // The render source was asked with the mailing's scope and the ledger row.
    expect(renderRequests.at(-1)).toMatchObject({
      purpose: 'confirmation',
      mailingId,
      scope: { type: SCOPE_TYPE },
      contactId: eva.id,
      recipientId,
      recipient: { firstName: 'Eva' },
    });
    const row = await rowOf(recipientId);
    expect(row).toMatchObject({ attempts: 1, message_id: `${mailingId}.${eva.id}@crm.example.se` });
    expect(row.claimed_by).toMatch(/^.+:\d+$/);
    // The feature heard that its mailing finished, inside the transaction that finished it.
    await waitFor(
      async () => transitions.filter((x) => x.mailingId === mailingId),
      (xs) => xs.length > 0,
    );
    expect(transitions.filter((x) => x.mailingId === mailingId)).toEqual([
      { mailingId, kind: 'finished', inTransaction: true },
    ]);
    expect((await lifecycle.progress(mailingId)).status).toBe('finished');
  });

  it('a one-off message to a suppressed address is recorded as suppressed and never sent', async () => {
    const ulla = await contact('Ulla');
    await db.query(
      `INSERT INTO suppressions (email_hash, reason, source) VALUES (email_hash($1), 'unsubscribed', 'prov')`,
      [ulla.email],
    );
    const { mailingId, recipientId, status } = await lifecycle.sendOne(spec(), ulla);
    expect(status).toBe('suppressed');
    await waitFor(
      () => lifecycle.progress(mailingId),
      (p) => p.status === 'finished',
    );
    expect((await rowOf(recipientId)).status).toBe('suppressed');
    expect(sink.received).toHaveLength(0);
  });

  it('staff may settle an uncertain row as not arrived: failed, never sent again', async () => {
    const uncertain = t.app.get(UncertainRecipients);
    const cia = await contact('Cia');
    sink.answer = () => ({ drop: true });
    const c = await lifecycle.sendOne(spec('Osäker C'), cia);
    await waitFor(
      () => rowOf(c.recipientId),
      (row) => row.status === 'uncertain',
    );
    sink.answer = () => ({ accept: true });
    const before = sink.received.length;
    expect(await uncertain.resolve(c.mailingId, c.recipientId, 'marked_failed', STAFF)).toEqual({
      recipientId: c.recipientId,
      status: 'failed_permanent',
      resolution: 'marked_failed',
    });
    expect(await rowOf(c.recipientId)).toMatchObject({
      status: 'failed_permanent',
      resolution: 'marked_failed',
    });
    await t.app.get(SendingMaintenance).run();
    expect((await rowOf(c.recipientId)).status).toBe('failed_permanent');
    expect(sink.received.length).toBe(before);
    await expect(uncertain.resolve(c.mailingId, c.recipientId, 'resent', STAFF)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('lists an uncertain row with what is known, and staff settle it: marked sent, or sent once more', async () => {
    const uncertain = t.app.get(UncertainRecipients);
    const [anna, bo] = [await contact('Anna'), await contact('Bo')];
    // The server takes Anna's and Bo's messages but the connection dies before it answers: both uncertain.
    sink.answer = () => ({ drop: true });
    const a = await lifecycle.sendOne(spec('Osäker A'), anna);
    const b = await lifecycle.sendOne(spec('Osäker B'), bo);
    for (const r of [a, b])
      await waitFor(
        () => rowOf(r.recipientId),
        (row) => row.status === 'uncertain',
      );
    sink.answer = () => ({ accept: true });
    // The engine never resends them by itself.
    await t.app.get(SendingMaintenance).run();
    expect((await rowOf(a.recipientId)).status).toBe('uncertain');

    const page = await uncertain.list(a.mailingId);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      id: a.recipientId,
      contactId: anna.id,
      email: anna.email,
      firstName: 'Anna',
      expectedMessageId: t.app.get(MessageComposer).messageIdFor(a.mailingId, anna.id),
      inOutbox: null,
    });
    expect(page.items[0].claimedAt).toBeInstanceOf(Date);
    expect(page.items[0].claimedBy).toMatch(/:\d+$/);
    expect(page.items[0].lastError).toMatch(/Osäkert om brevet levererades/);

    // Anna's arrived (her relay's log shows the Message-ID): marked sent, nothing more goes out.
    const before = sink.received.length;
    expect(await uncertain.resolve(a.mailingId, a.recipientId, 'marked_sent', STAFF)).toEqual({
      recipientId: a.recipientId,
      status: 'sent',
      resolution: 'marked_sent',
    });
    expect(await rowOf(a.recipientId)).toMatchObject({ status: 'sent', resolution: 'marked_sent' });
    // Bo's did not: sent once more, and his finished mailing sends again for it.
    // The mailing finishes just after its last row is recorded (a step of its own): waited for, not assumed.
    await waitFor(
      () => lifecycle.progress(b.mailingId),
      (p) => p.status === 'finished',
    );
    await uncertain.resolve(b.mailingId, b.recipientId, 'resent', STAFF);
    await waitFor(
      () => rowOf(b.recipientId),
      (row) => row.status === 'sent',
    );
    expect(sink.received.slice(before).map((m) => m.to)).toEqual([bo.email]);
    expect(await rowOf(b.recipientId)).toMatchObject({ attempts: 2, resolution: 'resent' });
    // The mailing finishes again just after the row is recorded (a step of its own): waited for.
    await waitFor(
      () => transitions.filter((x) => x.mailingId === b.mailingId).map((x) => x.kind),
      (kinds) => kinds.length >= 3,
    );
    expect(transitions.filter((x) => x.mailingId === b.mailingId).map((x) => x.kind)).toEqual([
      'finished',
      'reopened',
      'finished',
    ]);
    // Settled once: a second decision on either row is refused.
    await expect(uncertain.resolve(b.mailingId, b.recipientId, 'resent', STAFF)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(uncertain.resolve(a.mailingId, b.recipientId, 'marked_sent', STAFF)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const audits: { details: { resolution: string } }[] = await db.query(
      `SELECT details FROM audit_log WHERE action = 'mailing.uncertain_resolved' AND target_id = ANY($1)
        ORDER BY id`,
      [[a.mailingId, b.mailingId]],
    );
    expect(audits.map((x) => x.details.resolution)).toEqual(['marked_sent', 'resent']);
  });

  it('erasure scrubs the person from the ledger, and the GDPR export lists their mailings', async () => {
    const contacts = t.app.get(ContactsService);
    const greta = await contact('Greta');
    const { mailingId } = await lifecycle.sendOne(spec('Bekräftelse Greta'), greta);
    await waitFor(
      () => lifecycle.progress(mailingId),
      (p) => p.status === 'finished',
    );
    const exported = await contacts.exportPersonalData(greta.id, STAFF);
    expect(exported.held.mailings).toEqual([
      expect.objectContaining({
        mailingId,
        title: 'Bekräftelse Greta',
        purpose: 'confirmation',
        email: greta.email,
        status: 'sent',
      }),
    ]);
    await contacts.erase(greta.id, STAFF);
    const [row] = await db.query(
      `SELECT row_to_json(r)::text AS row FROM mailing_recipients r WHERE mailing_id = $1`,
      [mailingId],
    );
    expect(row.row).toMatch(/"status":"sent"/);
    expect(row.row).not.toContain(greta.email);
    expect(row.row.toLowerCase()).not.toContain('greta');
  });

  it('withdraws at send time those the feature no longer wants: nothing is sent to them, the rest once each', async () => {
    const people = await Promise.all(['Alva', 'Bert', 'Cecilia', 'David', 'Elin', 'Frida'].map(contact));
    const [alva, bert, cecilia, david, elin, frida] = people;
    // The fake feature: a notice that no longer applies to whoever has "answered" by the time their turn comes.
    const answered = new Set<string>([alva.id]);
    const failOnce = new Set<string>([elin.id]);
    const asked: string[] = [];
    const rendered: string[] = [];
    // It stands in for the meetings' own notice source (registered by the app), as the confirmation above.
    const notices = t.app.get(SendingPorts).renderSourceFor('notice')!;
    jest.spyOn(notices, 'extras').mockImplementation((request: RenderRequest) => {
      rendered.push(request.contactId);
      return { variables: { 'notice.text': 'Mötet börjar kl. 18.', 'meeting.title': 'Dialogmöte' } };
    });
    const ownWithdrawal = notices.withdrawal;
    notices.withdrawal = async (check) => {
      asked.push(check.recipientId);
      if (failOnce.delete(check.contactId)) throw new Error('databasen svarade inte');
      return answered.has(check.contactId) ? '  Personen har redan svarat  ' : null;
    };
    afterTest.push(() => {
      notices.withdrawal = ownWithdrawal;
    });
    const template = await t.app.get(TemplatesService).create({
      name: 'Meddelande',
      purpose: 'notice',
      sv: { subject: 'Meddelande inför mötet', mjml: NOTICE_MJML },
    });
    const ids = people.map((p) => p.id);
    const { mailingId, counts } = await db.transaction((m) =>
      lifecycle.start(
        m,
        { ...spec('Meddelande'), purpose: 'notice', templateVersionId: template.currentVersionId! },
        async (mm) => mm.getRepository(Contact).createQueryBuilder('c').where('c.id IN (:...ids)', { ids }),
      ),
    );
    // Everyone is in the snapshot; two answer after it, before any message is claimed.
    expect(counts).toEqual({ pending: 6, suppressed: 0 });
    answered.add(cecilia.id);
    answered.add(frida.id);
    await lifecycle.enqueue(mailingId);
    const done = await waitFor(
      () => lifecycle.progress(mailingId),
      (p) => p.status === 'finished',
    );

    expect(done.counts).toMatchObject({ sent: 3, withdrawn: 3, pending: 0, sending: 0, uncertain: 0 });
    expect(done.total).toBe(6);
    const rows: { contact_id: string; status: string; attempts: number; last_error: string | null }[] =
      await db.query(
        `SELECT contact_id, status, attempts, last_error FROM mailing_recipients WHERE mailing_id = $1`,
        [mailingId],
      );
    const byContact = new Map(rows.map((r) => [r.contact_id, r]));
    for (const p of [alva, cecilia, frida])
      expect(byContact.get(p.id)).toEqual({
        contact_id: p.id,
        status: 'withdrawn',
        attempts: 0,
        last_error: 'Personen har redan svarat',
      });
    for (const p of [bert, david, elin])
      expect(byContact.get(p.id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    // Exactly one message to each of the others, none to those withdrawn, and nothing rendered for them.
    expect(sink.received.map((r) => r.to).sort()).toEqual([bert.email, david.email, elin.email].sort());
    expect(sink.received[0].parsed.text).toContain('Mötet börjar kl. 18.');
    expect(rendered.sort()).toEqual([bert.id, david.id, elin.id].sort());
    // Asked once per row; Elin's check failed once, her row went back and was claimed again.
    expect(asked).toHaveLength(7);
    expect(new Set(asked).size).toBe(6);
    const finished = transitions.filter((x) => x.mailingId === mailingId);
    expect(finished).toEqual([{ mailingId, kind: 'finished', inTransaction: true }]);

    // Run again, nothing more happens: a withdrawn row is final and never claimed.
    const [withdrawnRow] = await db.query(
      `SELECT id::text AS id FROM mailing_recipients WHERE mailing_id = $1 AND contact_id = $2`,
      [mailingId, alva.id],
    );
    answered.clear();
    expect(await t.app.get(MessageSender).sendOne(withdrawnRow.id)).toBe('not-sending');
    await lifecycle.enqueue(mailingId);
    await t.app.get(SendingMaintenance).run();
    expect((await lifecycle.progress(mailingId)).counts).toMatchObject({ sent: 3, withdrawn: 3 });
    expect(sink.received).toHaveLength(3);
  });
});
