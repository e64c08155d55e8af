import { ContactsService } from '@app/crm';
import { TemplatesService } from '@app/mail';
import {
  HostResponse,
  Meeting,
  MeetingResponse,
  MeetingResponseEvent,
  MeetingResponsesRepository,
  Round,
  RoundRegion,
  RoundRegionEvent,
} from '@app/meetings';
import { MailingLifecycle, MailingSpec, MessageSender } from '@app/sending';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

const MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hej {{firstName}}!</mj-text><mj-text><a href="{{unsubscribeUrl}}">Avsluta</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

interface Item {
  id: string;
  at: string;
  kind: string;
  title: string;
  details: Record<string, unknown>;
}

/**
 * A person's timeline over HTTP: rows written through the real services where they exist (the ledger through
 * MailingLifecycle.sendOne and the sender, invitees through MeetingResponsesRepository), the rest with the
 * meetings lib's entities. Times are set apart by minutes so the expected order does not hang on two inserts
 * landing in the same millisecond.
 */
describe('GET /api/contacts/:id/timeline', () => {
  let t: TestApp;
  let db: DataSource;
  let viewer: LoggedIn;
  let contactId: string;
  const base = Date.now() - 24 * 3600_000;
  const minute = (n: number) => new Date(base + n * 60_000);

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    db = t.dataSource;
    viewer = await createUserAndLogin(t, 'viewer');
    const contacts = t.app.get(ContactsService);
    const [dalarna] = await db.query(`SELECT id, name FROM regions WHERE code = '20'`);
    const kim = await contacts.create({
      firstName: 'Kim',
      lastName: 'Kulturchef',
      email: 'kim@dalarna.exempel',
    });
    const other = await contacts.create({ firstName: 'Ola', lastName: 'Annan', email: 'ola@exempel.se' });
    contactId = kim.id;

    const template = await t.app.get(TemplatesService).create({
      name: 'Tidslinjeprov',
      purpose: 'newsletter',
      sv: { subject: 'Hej', mjml: MJML },
    });
    const spec = (purpose: MailingSpec['purpose'], title: string): MailingSpec => ({
      purpose,
      scope: { type: 'tidslinjeprov', id: randomUUID() },
      title,
      templateVersionId: template.currentVersionId!,
      subject: null,
      fromName: 'Förbundets kansli',
      fromAddress: 'kansli@example.se',
      replyTo: null,
      rateLimitPerMinute: null,
    });
    const lifecycle = t.app.get(MailingLifecycle);

    // 0: an invitation queued (no worker here: it stays pending).
    const invitation = await lifecycle.sendOne(spec('invitation', 'Dialogmöte Dalarna'), {
      id: kim.id,
      email: kim.email!,
    });
    await db.query(`UPDATE mailing_recipients SET created_at = $2 WHERE id = $1`, [
      invitation.recipientId,
      minute(0),
    ]);

    // 1–3: the region is asked through Kim, Kim answers yes (the answer's status change is not shown twice).
    const round = await db.getRepository(Round).save({ name: 'Regional närvaro 2026' });
    await db.getRepository(RoundRegion).insert({
      roundId: round.id,
      regionId: dalarna.id,
      status: 'agreed',
      askedContactId: kim.id,
    });
    const hostingEvent = async (n: number, fields: Partial<RoundRegionEvent>) => {
      const { identifiers } = await db.getRepository(RoundRegionEvent).insert({
        roundId: round.id,
        regionId: dalarna.id,
        ...fields,
      });
      await db.query(`UPDATE round_region_events SET created_at = $2 WHERE id = $1`, [
        identifiers[0].id,
        minute(n),
      ]);
    };
    await hostingEvent(1, {
      fromStatus: 'not_asked',
      toStatus: 'asked',
      cause: 'request_sent',
      contactId: kim.id,
    });
    await db.getRepository(HostResponse).insert({
      roundId: round.id,
      contactId: kim.id,
      regionId: dalarna.id,
      answer: 'yes',
      comment: 'Gärna i Falun',
      suggestedDates: null,
      contactPerson: null,
      answeredAt: minute(2),
      updatedAt: minute(2),
    });
    await hostingEvent(3, { fromStatus: 'asked', toStatus: 'agreed', cause: 'answer', contactId: kim.id });
    await db.getRepository(HostResponse).insert({
      roundId: round.id,
      contactId: other.id,
      regionId: dalarna.id,
      answer: 'no',
      comment: null,
      suggestedDates: null,
      contactPerson: null,
      answeredAt: minute(3),
      updatedAt: minute(3),
    });

    // 4–6: invited to the meeting, answers yes, comes.
    const meeting = await db.getRepository(Meeting).save({
      roundId: round.id,
      regionId: dalarna.id,
      title: 'Dialogmöte Dalarna',
      startsAt: new Date('2026-03-10T16:00:00Z'),
      endsAt: new Date('2026-03-10T18:00:00Z'),
    });
    await db.transaction((m) => t.app.get(MeetingResponsesRepository).recordInvited(m, meeting.id, [kim.id]));
    await db.query(`UPDATE meeting_response_events SET created_at = $2 WHERE contact_id = $1`, [
      kim.id,
      minute(4),
    ]);
    const responseEvent = async (n: number, fields: Partial<MeetingResponseEvent>) => {
      const { identifiers } = await db
        .getRepository(MeetingResponseEvent)
        .insert({ meetingId: meeting.id, contactId: kim.id, ...fields });
      await db.query(`UPDATE meeting_response_events SET created_at = $2 WHERE id = $1`, [
        identifiers[0].id,
        minute(n),
      ]);
    };
    await db
      .getRepository(MeetingResponse)
      .update({ meetingId: meeting.id, contactId: kim.id }, { answer: 'yes', attendance: 'attended' });
    await responseEvent(5, { fromState: 'invited', toState: 'yes', cause: 'link' });
    await responseEvent(6, { fromState: 'yes', toState: 'attended', cause: 'check_in', actorUserId: null });

    // Last (now): a newsletter, sent by the sender exactly as a worker sends it (the built-in outbox).
    const newsletter = await lifecycle.sendOne(spec('newsletter', 'Nyhetsbrev mars'), {
      id: kim.id,
      email: kim.email!,
    });
    const report = await t.app.get(MessageSender).sendRange({
      mailingId: newsletter.mailingId,
      firstId: newsletter.recipientId,
      lastId: newsletter.recipientId,
    });
    expect(report.interrupted).toBe(false);
  });
  afterAll(async () => {
    await t?.close();
  });

  const timeline = (query: Record<string, string | number> = {}, id = contactId) =>
    viewer.get(`/api/contacts/${id}/timeline`).query(query);

  it('lists everything that happened with the person, newest first, with Swedish titles and typed details', async () => {
    const res = await timeline().expect(200);
    expect(res.body).toMatchObject({ total: 7, totalIsEstimate: false, nextCursor: null });
    const items: Item[] = res.body.items;
    expect(items.map((i) => [i.kind, i.title])).toEqual([
      ['message', 'Utskick: Nyhetsbrev mars – skickat'],
      ['attendance', 'Närvaro: Dialogmöte Dalarna – närvarade'],
      ['meeting_answer', 'Svar: Dialogmöte Dalarna – kommer'],
      ['meeting_answer', 'Inbjuden: Dialogmöte Dalarna'],
      ['hosting', 'Värdskap: Region Dalarna, Regional närvaro 2026 – svar: Ja, vi vill vara värd'],
      ['hosting', 'Värdskap: Region Dalarna, Regional närvaro 2026 – tillfrågad'],
      ['message', 'Inbjudan: Dialogmöte Dalarna – väntar på att skickas'],
    ]);
    const times = items.map((i) => Date.parse(i.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(items[6].at).toBe(minute(0).toISOString());
    expect(new Set(items.map((i) => i.id)).size).toBe(7);

    expect(items[0].details).toMatchObject({
      purpose: 'newsletter',
      messageStatus: 'sent',
      mailingTitle: 'Nyhetsbrev mars',
      sentAt: items[0].at,
    });
    expect(items[1].details).toEqual({
      meetingId: expect.any(String),
      meetingTitle: 'Dialogmöte Dalarna',
      meetingStartsAt: '2026-03-10T16:00:00.000Z',
      responseState: 'attended',
      previousResponseState: 'yes',
      responseCause: 'check_in',
    });
    expect(items[4].details).toEqual({
      roundId: expect.any(String),
      roundName: 'Regional närvaro 2026',
      regionId: expect.any(Number),
      regionName: 'Region Dalarna',
      hostAnswer: 'yes',
      comment: 'Gärna i Falun',
    });
    expect(items[6].details).toMatchObject({ purpose: 'invitation', messageStatus: 'pending' });
    expect(items[6].details.sentAt).toBeUndefined();
  });

  it('pages with a cursor without repeating or skipping, whatever the page size', async () => {
    const all: Item[] = (await timeline({ limit: 200 }).expect(200)).body.items;
    for (const limit of [1, 2, 3]) {
      const seen: Item[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page: request.Response = await timeline(cursor ? { limit, cursor } : { limit }).expect(200);
        expect(page.body.total).toBe(7);
        expect(page.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
        if (!cursor) break;
      }
      expect(cursor).toBeNull();
      expect(seen.map((i) => i.id)).toEqual(all.map((i) => i.id));
    }
  });

  it('breaks ties at the same millisecond the same way on every page', async () => {
    const [{ id: other }] = await db.query(`SELECT id FROM contacts WHERE email = 'ola@exempel.se'`);
    const sameTime = minute(10);
    const [meeting] = await db.query(`SELECT id FROM meetings LIMIT 1`);
    await db.query(`INSERT INTO meeting_responses (meeting_id, contact_id) VALUES ($1, $2)`, [
      meeting.id,
      other,
    ]);
    for (const to of ['invited', 'maybe', 'no']) {
      await db.query(
        `INSERT INTO meeting_response_events (meeting_id, contact_id, to_state, cause, created_at)
         VALUES ($1, $2, $3, 'link', $4)`,
        [meeting.id, other, to, sameTime],
      );
    }
    await db.query(`UPDATE host_responses SET answered_at = $2 WHERE contact_id = $1`, [other, sameTime]);
    const all: Item[] = (await timeline({}, other).expect(200)).body.items;
    expect(all).toHaveLength(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await timeline(
        cursor ? { limit: 1, cursor } : { limit: 1 },
        other,
      ).expect(200);
      seen.push(...page.body.items.map((i: Item) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(all.map((i) => i.id));
  });

  it('answers 404 in Swedish for an unknown person, and 400 for a bad id, limit or cursor', async () => {
    const missing = await timeline({}, '00000000-0000-4000-8000-000000000000').expect(404);
    expect(missing.body).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/^Kontakten hittades inte/),
    });
    await viewer.get('/api/contacts/inte-ett-id/timeline').expect(400);
    for (const limit of ['0', '201', 'tio']) {
      const bad = await timeline({ limit }).expect(400);
      expect(bad.body.message).toMatch(/^limit: /);
    }
    const garbled = await timeline({ cursor: 'inte-en-cursor' }).expect(400);
    expect(garbled.body.message).toMatch(/ogiltig cursor/);
    const crafted = (keys: string[]) => Buffer.from(JSON.stringify(keys)).toString('base64url');
    for (const keys of [
      ['2026-01-01T00:00:00.000Z', 'okänd_källa', '00000000000000000001'],
      ['igår', 'messages', '00000000000000000001'],
      ['2026-01-01T00:00:00.000Z', 'messages', "1' OR '1'='1"],
      ['2026-01-01T00:00:00.000Z', 'messages'],
    ]) {
      const bad = await timeline({ cursor: crafted(keys) }).expect(400);
      expect(bad.body.message).toMatch(/ogiltig cursor/);
    }
  });

  it('needs a login; every staff role may read it', async () => {
    await request(t.server).get(`/api/contacts/${contactId}/timeline`).expect(401);
    const editor = await createUserAndLogin(t, 'editor');
    await editor.get(`/api/contacts/${contactId}/timeline`).expect(200);
  });
});
