import { ContactsService } from '@app/crm';
import { RoundsService } from '../rounds/rounds.service';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../../../../test/support/test-app';
import { MeetingsService } from '../meetings/meetings.service';
import { MeetingResponsesRepository } from './meeting-responses.repository';
import { MeetingResponsesService } from './meeting-responses.service';

const STAFF = { userId: null, email: 'kansliet@example.se' };
const NO_DETAILS = { diet: null, accessibility: null, comment: null, companions: [] };

/** Answers against a real PostgreSQL: the meeting's row lock makes capacity hold under concurrent answers. */
describe('meeting answers: capacity, waiting list, history', () => {
  let t: TestApp;
  let db: DataSource;
  let answers: MeetingResponsesService;
  let roundId: string;

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    db = t.dataSource;
    answers = t.app.get(MeetingResponsesService);
    ({ id: roundId } = await t.app.get(RoundsService).create({ name: 'Prov' }, {}));
  });
  afterAll(async () => {
    await t?.close();
  });

  async function meetingWith(capacity: number | null, invitees: number) {
    const meeting = await t.app.get(MeetingsService).create(
      {
        roundId,
        regionId: 1,
        title: `Möte ${randomUUID().slice(0, 6)}`,
        startsAt: '2099-03-14T18:00',
        endsAt: '2099-03-14T20:00',
        capacity,
      },
      STAFF,
    );
    const contacts = t.app.get(ContactsService);
    const ids: string[] = [];
    for (let i = 0; i < invitees; i++) {
      const c = await contacts.create({
        firstName: `Person${i}`,
        lastName: 'Prov',
        email: `p${i}.${randomUUID().slice(0, 8)}@exempel.se`,
      });
      ids.push(c.id);
    }
    await db.transaction((m) => t.app.get(MeetingResponsesRepository).recordInvited(m, meeting.id, ids));
    return { meetingId: meeting.id, ids };
  }

  const states = async (meetingId: string) =>
    Object.fromEntries(
      (
        await db.query(
          `SELECT state, count(*)::int AS n FROM meeting_responses WHERE meeting_id = $1 GROUP BY state`,
          [meetingId],
        )
      ).map((r: { state: string; n: number }) => [r.state, r.n]),
    );

  const confirmationsOf = async (meetingId: string): Promise<string[]> =>
    (
      await db.query(
        `SELECT r.contact_id AS "contactId" FROM mailings m JOIN mailing_recipients r ON r.mailing_id = m.id
          WHERE m.scope_type = 'meeting' AND m.scope_id = $1 AND m.purpose = 'confirmation'`,
        [meetingId],
      )
    ).map((r: { contactId: string }) => r.contactId);

  it('without a capacity, answers run side by side; a person answering twice at once is confirmed once', async () => {
    const { meetingId, ids } = await meetingWith(null, 20);
    const twice = ids.slice(0, 5);
    const results = await Promise.all(
      [...ids, ...twice].map((id) => answers.answerFromLink(meetingId, id, 'yes', NO_DETAILS)),
    );
    expect(results.every((r) => r.state === 'yes')).toBe(true);
    expect(await states(meetingId)).toEqual({ yes: 20 });
    const confirmed = await confirmationsOf(meetingId);
    expect(confirmed.sort()).toEqual([...ids].sort());
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM meeting_response_events WHERE meeting_id = $1 AND cause = 'link'`,
      [meetingId],
    );
    expect(n).toBe(25); // every answer is history, but only a change of answer sends a message
  });

  it('answers to two meetings at once go together: places counted per meeting, details and history kept', async () => {
    const limited = await meetingWith(3, 12);
    const open = await meetingWith(null, 12);
    const withDiet = { ...NO_DETAILS, diet: 'Vegetarisk', companions: ['Kim Kollega'] };
    const results = await Promise.all(
      limited.ids.flatMap((id, i) => [
        answers.answerFromLink(limited.meetingId, id, 'yes', NO_DETAILS),
        answers.answerFromLink(open.meetingId, open.ids[i], i % 3 === 0 ? 'no' : 'yes', withDiet),
      ]),
    );
    expect(await states(limited.meetingId)).toEqual({ yes: 3, waitlisted: 9 });
    expect(await states(open.meetingId)).toEqual({ yes: 8, no: 4 });
    // Each result says what the page showed before the answer, and the details it stored.
    expect(results.every((r) => r.before.response?.answer === null)).toBe(true);
    expect(results[1].details).toEqual({ ...withDiet, companions: ['Kim Kollega'] });
    const [row] = await db.query(
      `SELECT diet, companions, answered_at IS NOT NULL AS answered FROM meeting_responses
        WHERE meeting_id = $1 AND contact_id = $2`,
      [open.meetingId, open.ids[1]],
    );
    expect(row).toEqual({ diet: 'Vegetarisk', companions: ['Kim Kollega'], answered: true });
    expect((await confirmationsOf(limited.meetingId)).length).toBe(3);
    expect((await confirmationsOf(open.meetingId)).sort()).toEqual(
      open.ids.filter((_, i) => i % 3 !== 0).sort(),
    );
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM meeting_response_events WHERE meeting_id = ANY($1::uuid[]) AND cause = 'link'`,
      [[limited.meetingId, open.meetingId]],
    );
    expect(n).toBe(24);
  });

  it('fifty yes at once against ten places: exactly ten yes and forty waitlisted, in order', async () => {
    const { meetingId, ids } = await meetingWith(10, 50);
    const results = await Promise.all(
      ids.map((id) => answers.answerFromLink(meetingId, id, 'yes', NO_DETAILS)),
    );
    expect(results.filter((r) => r.state === 'yes')).toHaveLength(10);
    expect(results.filter((r) => r.state === 'waitlisted')).toHaveLength(40);
    expect(await states(meetingId)).toEqual({ yes: 10, waitlisted: 40 });
    // Positions 1..40, each once; the queue's order is the order the answers were recorded.
    expect(
      results
        .map((r) => r.waitlistPosition)
        .filter((p) => p !== null)
        .sort((a, b) => a! - b!),
    ).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Given in this order, queued in this order (answers that come together are taken in their order).
    const inOrder = results.map((r) => r.waitlistPosition).filter((p) => p !== null);
    expect(inOrder).toEqual([...inOrder].sort((a, b) => a! - b!));
    const [{ notices }] = await db.query(
      `SELECT count(*)::int AS notices FROM meeting_notices WHERE meeting_id = $1 AND kind = 'waitlisted'`,
      [meetingId],
    );
    expect(notices).toBe(40);
    const events = await db.query(
      `SELECT to_state, cause FROM meeting_response_events WHERE meeting_id = $1 AND cause = 'link'`,
      [meetingId],
    );
    expect(events).toHaveLength(50);
  });

  it('a withdrawn yes moves the first on the waiting list up, in the same transaction, with its history', async () => {
    const { meetingId, ids } = await meetingWith(2, 4);
    for (const id of ids) await answers.answerFromLink(meetingId, id, 'yes', NO_DETAILS);
    expect(await states(meetingId)).toEqual({ yes: 2, waitlisted: 2 });
    // Saying yes again keeps one's place in the queue.
    expect((await answers.answerFromLink(meetingId, ids[3], 'yes', NO_DETAILS)).waitlistPosition).toBe(2);

    const withdrawn = await answers.answerFromLink(meetingId, ids[0], 'no', NO_DETAILS);
    expect(withdrawn).toMatchObject({ state: 'cancelled', promoted: [ids[2]] });
    const moved = await db.query(
      `SELECT from_state, to_state, cause FROM meeting_response_events WHERE meeting_id = $1 AND contact_id = $2 ORDER BY id`,
      [meetingId, ids[2]],
    );
    expect(moved.map((e: { to_state: string; cause: string }) => `${e.to_state}:${e.cause}`)).toEqual([
      'invited:invited',
      'waitlisted:link',
      'yes:waitlist',
    ]);
    // A maybe from someone with a place gives it up too; a no from someone never coming is a plain no.
    expect((await answers.answerFromLink(meetingId, ids[1], 'maybe', NO_DETAILS)).promoted).toEqual([ids[3]]);
    expect((await answers.answerFromLink(meetingId, ids[0], 'no', NO_DETAILS)).state).toBe('no');
    expect(await states(meetingId)).toEqual({ yes: 2, maybe: 1, no: 1 });
  });

  it('staff set answers by hand: audited, capacity kept unless they overbook on purpose', async () => {
    const { meetingId, ids } = await meetingWith(1, 3);
    await answers.answerFromLink(meetingId, ids[0], 'yes', NO_DETAILS);
    const waiting = await answers.setByStaff(meetingId, ids[1], { answer: 'yes', note: 'Ringde' }, STAFF);
    expect(waiting.state).toBe('waitlisted');
    const overbooked = await answers.setByStaff(
      meetingId,
      ids[2],
      { answer: 'yes', overCapacity: true },
      STAFF,
    );
    expect(overbooked.state).toBe('yes');
    const audits = await db.query(
      `SELECT details FROM audit_log WHERE action = 'meeting.response_set' AND target_id = $1 ORDER BY id`,
      [meetingId],
    );
    expect(audits.map((a: { details: { to: string } }) => a.details.to)).toEqual(['waitlisted', 'yes']);
    const [event] = await db.query(
      `SELECT note, cause FROM meeting_response_events WHERE meeting_id = $1 AND contact_id = $2 AND cause = 'staff'`,
      [meetingId, ids[1]],
    );
    expect(event).toEqual({ note: 'Ringde', cause: 'staff' });
    // Someone never invited is added by staff; a contact that does not exist is a 404.
    const walkUp = await t.app
      .get(ContactsService)
      .create({ firstName: 'Ny', lastName: 'Prov', email: 'ny@exempel.se' });
    expect((await answers.setByStaff(meetingId, walkUp.id, { answer: 'maybe' }, STAFF)).state).toBe('maybe');
    await expect(answers.setByStaff(meetingId, randomUUID(), { answer: 'yes' }, STAFF)).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
      },
    );
  });

  it('refuses answers through the link from someone not invited, and after the deadline, changing nothing', async () => {
    const { meetingId, ids } = await meetingWith(null, 1);
    await expect(answers.answerFromLink(meetingId, randomUUID(), 'yes', NO_DETAILS)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await db.query(`UPDATE meetings SET rsvp_deadline = now() - interval '1 day' WHERE id = $1`, [meetingId]);
    await expect(answers.answerFromLink(meetingId, ids[0], 'yes', NO_DETAILS)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await states(meetingId)).toEqual({ invited: 1 });
  });
});
