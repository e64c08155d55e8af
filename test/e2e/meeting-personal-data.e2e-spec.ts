import { HostResponse, MeetingRepresentative, MeetingResponseEvent, RoundRegionEvent } from '@app/meetings';
import { randomUUID } from 'node:crypto';
import { MeetingFixtures } from '../support/meeting-fixtures';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

/** Every table of the meetings part: after an erasure none may hold the person's free text. */
const MEETING_TABLES = [
  'rounds',
  'round_regions',
  'round_region_events',
  'host_responses',
  'meetings',
  'meeting_representatives',
  'outreach_sends',
  'due_reminders',
  'meeting_responses',
  'meeting_response_events',
  'check_in_operations',
];

describe('GDPR export and erasure of meetings data', () => {
  let t: TestApp;
  let admin: LoggedIn;
  let f: MeetingFixtures;

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    admin = await createUserAndLogin(t, 'admin');
    f = new MeetingFixtures(t.app);
  });
  afterAll(async () => {
    await t.close();
  });

  it('exports every kind of record, and after erasure no meetings table holds a trace of the free text', async () => {
    const round = await f.round();
    const meeting = await f.meeting(round.id, 5, {
      title: 'Dialogmöte Jönköping',
      startsAt: new Date('2027-02-01T16:00:00Z'),
    });
    const person = await f.person('Greta', 'Hemlig', null);
    const other = await f.person('Olof', 'Kvar', null);
    await f.response(meeting.id, person, 'yes', null, {
      diet: 'KOST-HEMLIG',
      accessibility: 'ACCESS-HEMLIG',
      comment: 'KOMMENTAR-HEMLIG',
      companions: ['SALLSKAP-HEMLIG'],
    });
    await f.response(meeting.id, other, 'yes', null, { diet: 'Vegansk' });
    await t.dataSource.getRepository(MeetingResponseEvent).insert({
      meetingId: meeting.id,
      contactId: person,
      fromState: 'invited',
      toState: 'yes',
      cause: 'staff',
      note: 'ANTECKNING-HEMLIG',
    });
    await t.dataSource.getRepository(HostResponse).insert({
      roundId: round.id,
      contactId: person,
      regionId: 5,
      answer: 'maybe',
      comment: 'VARDSVAR-HEMLIG',
      suggestedDates: 'DATUM-HEMLIG',
      contactPerson: 'KONTAKT-HEMLIG',
      answeredAt: new Date(),
      updatedAt: new Date(),
    });
    await t.dataSource.getRepository(RoundRegionEvent).insert({
      roundId: round.id,
      regionId: 5,
      fromStatus: 'asked',
      toStatus: 'interested',
      cause: 'answer',
      contactId: person,
      note: 'REGIONNOT-HEMLIG',
    });
    await t.dataSource.getRepository(MeetingRepresentative).insert({
      meetingId: meeting.id,
      contactId: person,
      part: 'elected',
    });
    await admin
      .post(`/api/meetings/${meeting.id}/check-ins`)
      .send({ clientId: randomUUID(), contactId: person, attendance: 'attended' })
      .expect(200);

    const exported = await admin.get(`/api/contacts/${person}/export`).expect(200);
    const held = exported.body.held.meetings as { kind: string; [k: string]: unknown }[];
    expect(held.map((r) => r.kind).sort()).toEqual([
      'check_in',
      'host_response',
      'meeting_response',
      'region_event',
      'representative',
    ]);
    expect(held.find((r) => r.kind === 'meeting_response')).toMatchObject({
      meetingTitle: 'Dialogmöte Jönköping',
      answer: 'yes',
      attendance: 'attended',
      diet: 'KOST-HEMLIG',
      accessibility: 'ACCESS-HEMLIG',
      comment: 'KOMMENTAR-HEMLIG',
      companions: 'SALLSKAP-HEMLIG',
    });
    expect(held.find((r) => r.kind === 'host_response')).toMatchObject({
      answer: 'maybe',
      comment: 'VARDSVAR-HEMLIG',
      contactPerson: 'KONTAKT-HEMLIG',
      suggestedDates: 'DATUM-HEMLIG',
    });
    expect(held.find((r) => r.kind === 'representative')).toMatchObject({ part: 'elected' });

    await admin.delete(`/api/contacts/${person}`).query({ erase: 'true' }).expect(200);

    for (const table of MEETING_TABLES) {
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM ${table} x WHERE x::text LIKE '%HEMLIG%' OR x::text LIKE $1`,
        [`%${person}%`],
      );
      expect({ table, n }).toEqual({ table, n: 0 });
    }
    // The region history keeps its line, without the person; the other guest is untouched.
    const [event] = await t.dataSource.query(
      `SELECT to_status, contact_id, note FROM round_region_events WHERE round_id = $1 AND to_status = 'interested'`,
      [round.id],
    );
    expect(event).toEqual({ to_status: 'interested', contact_id: null, note: null });
    const kept = await t.dataSource.query(`SELECT diet FROM meeting_responses WHERE contact_id = $1`, [
      other,
    ]);
    expect(kept).toEqual([{ diet: 'Vegansk' }]);
  });
});
