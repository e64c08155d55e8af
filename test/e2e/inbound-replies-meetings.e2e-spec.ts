import { ContactsService } from '@app/crm';
import { MeetingResponsesRepository, RoundsService } from '@app/meetings';
import { randomUUID } from 'node:crypto';
import { createUserAndLogin, LoggedIn, loginAsAdmin } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

const crlf = (text: string) => Buffer.from(text.replace(/\r?\n/g, '\r\n'));

/** A reply in a thread (no REPLY_DOMAIN: only In-Reply-To and References say what it answers). */
function threadedReply(from: string, inReplyTo: string, references: string[], text: string): Buffer {
  return crlf(`From: ${from}
To: kansli@forbundet.se
Subject: Re: Påminnelse
Message-ID: <${randomUUID()}@exempel.se>
In-Reply-To: <${inReplyTo}>
References: ${references.map((r) => `<${r}>`).join(' ')}
Content-Type: text/plain; charset=utf-8

${text}
`);
}

describe('Replies to meeting mail, threaded (no REPLY_DOMAIN), and turning them into answers', () => {
  let t: TestApp;
  let admin: LoggedIn;
  let editor: LoggedIn;
  let roundId: string;
  let meetingId: string;
  let template: { id: string; versionId: string };

  /** An outreach send and a mailing of it with one sent ledger row per contact (as the engine leaves them). */
  async function sent(
    kind: 'invitation' | 'host_request',
    purpose: string,
    sendId: string | null,
    contacts: { id: string; email: string; messageId: string }[],
  ): Promise<{ sendId: string; mailingId: string }> {
    if (!sendId)
      [{ id: sendId }] = await t.dataSource.query(
        `INSERT INTO outreach_sends (kind, round_id, meeting_id, title, template_id, from_name, from_address)
         VALUES ($1, $2, $3, 'Utskick', $4, 'Förbundets kansli', 'kansli@forbundet.se') RETURNING id`,
        [kind, roundId, kind === 'invitation' ? meetingId : null, template.id],
      );
    const [{ id: mailingId }] = await t.dataSource.query(
      `INSERT INTO mailings (purpose, scope_type, scope_id, title, status, template_version_id, from_name,
                             from_address, started_at)
       VALUES ($1, $2, $3, $4, 'finished', $5, 'Förbundets kansli', 'kansli@forbundet.se', now()) RETURNING id`,
      [purpose, kind, sendId, purpose === 'reminder' ? 'Påminnelse' : 'Inbjudan', template.versionId],
    );
    for (const c of contacts)
      await t.dataSource.query(
        `INSERT INTO mailing_recipients (mailing_id, contact_id, email, status, attempts, message_id, sent_at)
         VALUES ($1, $2, $3, 'sent', 1, $4, now())`,
        [mailingId, c.id, c.email, c.messageId],
      );
    return { sendId: sendId!, mailingId };
  }

  async function person(name: string): Promise<{ id: string; email: string }> {
    const email = `${name}.${randomUUID().slice(0, 6)}@exempel.se`;
    const c = await t.app
      .get(ContactsService)
      .create({ firstName: name, lastName: 'Prov', email, regionId: 1 });
    return { id: c.id, email };
  }

  const post = (raw: Buffer) =>
    admin.post('/api/inbound').set('Content-Type', 'message/rfc822').send(raw).expect(200);

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'http://crm.example.se' }, { withWorker: false });
    admin = await loginAsAdmin(t);
    editor = await createUserAndLogin(t, 'editor');
    ({ id: roundId } = await t.app.get(RoundsService).create({ name: 'Prov' }, {}));
    const res = await editor.post('/api/meetings').send({
      roundId,
      regionId: 1,
      title: 'Dialogmöte',
      startsAt: '2099-03-14T18:00',
      endsAt: '2099-03-14T20:00',
      city: 'Stockholm',
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    meetingId = res.body.id;
    [template] = await t.dataSource.query(
      `SELECT id, current_version_id AS "versionId" FROM templates WHERE built_in_key = 'mote-inbjudan'`,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('links a reply to a reminder, threaded under its invitation, to the contact, the reminder and the meeting; turns it into an RSVP', async () => {
    const anna = await person('anna');
    const bo = await person('bo');
    await t.dataSource.transaction((m) =>
      t.app.get(MeetingResponsesRepository).recordInvited(m, meetingId, [anna.id, bo.id]),
    );
    const inv = { anna: `inv.${anna.id}@crm.example.se`, bo: `inv.${bo.id}@crm.example.se` };
    const rem = { anna: `rem.${anna.id}@crm.example.se`, bo: `rem.${bo.id}@crm.example.se` };
    const invitation = await sent('invitation', 'invitation', null, [
      { ...anna, messageId: inv.anna },
      { ...bo, messageId: inv.bo },
    ]);
    const reminder = await sent('invitation', 'reminder', invitation.sendId, [
      { ...anna, messageId: rem.anna },
      { ...bo, messageId: rem.bo },
    ]);

    const res = await post(threadedReply(anna.email, rem.anna, [inv.anna, rem.anna], 'Ja, vi kommer två.'));
    expect(res.body.kind).toBe('reply');
    const { body: reply } = await editor.get(`/api/replies/${res.body.id}`).expect(200);
    expect(reply).toMatchObject({
      matchedBy: 'message_id',
      contactId: anna.id,
      mailingId: reminder.mailingId,
      purpose: 'reminder',
      meetingId,
      campaignId: null,
      text: 'Ja, vi kommer två.',
    });
    const { body: byMeeting } = await editor.get(`/api/replies?meetingId=${meetingId}`).expect(200);
    expect(byMeeting.items.map((i: { id: string }) => i.id)).toEqual([res.body.id]);

    // Only staff who may change things; a wrong answer is a Swedish 400.
    const viewer = await createUserAndLogin(t, 'viewer');
    await viewer.post(`/api/replies/${res.body.id}/answer`).send({ answer: 'yes' }).expect(403);
    const bad = await editor.post(`/api/replies/${res.body.id}/answer`).send({ answer: 'ja' }).expect(400);
    expect(bad.body.message).toMatch(/answer: måste vara yes, maybe eller no/);

    const { body: result } = await editor
      .post(`/api/replies/${res.body.id}/answer`)
      .send({ answer: 'yes' })
      .expect(200);
    expect(result).toEqual({ replyId: res.body.id, convertedTo: 'rsvp', answer: 'yes' });
    const [row] = await t.dataSource.query(
      `SELECT answer FROM meeting_responses WHERE meeting_id = $1 AND contact_id = $2`,
      [meetingId, anna.id],
    );
    expect(row.answer).toBe('yes');
    const actions = (
      await t.dataSource.query(`SELECT action FROM audit_log WHERE target_id IN ($1, $2) ORDER BY id`, [
        meetingId,
        res.body.id,
      ])
    ).map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['meeting.response_set', 'reply.converted']));
    const { body: after } = await editor.get(`/api/replies/${res.body.id}`).expect(200);
    expect(after).toMatchObject({ convertedTo: 'rsvp', handled: true });
    // Once only.
    await editor.post(`/api/replies/${res.body.id}/answer`).send({ answer: 'no' }).expect(409);
  });

  it('turns a reply to a host request into a host answer; the region board moves as with the link', async () => {
    const cia = await person('cia');
    const messageId = `host.${cia.id}@crm.example.se`;
    await sent('host_request', 'host_request', null, [{ ...cia, messageId }]);
    const res = await post(
      threadedReply(cia.email, messageId, [messageId], 'Vi kan gärna vara värdar i vår.'),
    );
    const { body: reply } = await editor.get(`/api/replies/${res.body.id}`).expect(200);
    expect(reply).toMatchObject({ contactId: cia.id, purpose: 'host_request', matchedBy: 'message_id' });

    const { body: result } = await editor
      .post(`/api/replies/${res.body.id}/answer`)
      .send({ answer: 'yes', comment: 'Svarade per e-post' })
      .expect(200);
    expect(result).toMatchObject({ convertedTo: 'host_answer', answer: 'yes' });
    const [answer] = await t.dataSource.query(
      `SELECT answer, comment FROM host_responses WHERE round_id = $1 AND contact_id = $2`,
      [roundId, cia.id],
    );
    expect(answer).toEqual({ answer: 'yes', comment: 'Svarade per e-post' });
    const [region] = await t.dataSource.query(
      `SELECT status FROM round_regions WHERE round_id = $1 AND region_id = 1`,
      [roundId],
    );
    expect(region.status).not.toBe('not_asked');
  });

  it('refuses to turn a bounce or an unlinked reply into an answer (409)', async () => {
    const unlinked = await post(threadedReply('okand@exempel.se', 'nothing@nowhere', [], 'Hej'));
    await editor.post(`/api/replies/${unlinked.body.id}/answer`).send({ answer: 'yes' }).expect(409);
    const bounce = await post(
      crlf(`From: MAILER-DAEMON@mx.exempel.se
To: kansli@forbundet.se
Subject: Undelivered Mail Returned to Sender
Message-ID: <b.${randomUUID()}@mx.exempel.se>

Your message could not be delivered: 550 5.1.1 <borta@exempel.se>: User unknown
`),
    );
    expect(bounce.body.kind).toBe('hard_bounce');
    await editor.post(`/api/replies/${bounce.body.id}/answer`).send({ answer: 'yes' }).expect(409);
  });
});
