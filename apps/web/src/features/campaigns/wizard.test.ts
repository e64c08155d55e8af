import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { percentDone } from '../../lib/progress';
import {
  bodyOf,
  draftOf,
  EMPTY_DRAFT,
  fieldErrorsOf,
  missingIn,
  scheduledAtOf,
  stepOfErrors,
  withSenderOf,
  type Campaign,
} from './wizard';

const LIST = '11111111-1111-4111-8111-111111111111';
const TEMPLATE = '22222222-2222-4222-8222-222222222222';

function campaign(extra: Partial<Campaign> = {}): Campaign {
  return {
    id: '33333333-3333-4333-8333-333333333333',
    name: 'Höstens nyheter',
    status: 'scheduled',
    audience: { type: 'segment', segmentId: LIST },
    templateId: TEMPLATE,
    templateVersionId: null,
    subject: null,
    fromName: 'Kansliet',
    fromAddress: 'kansli@forbundet.se',
    replyTo: null,
    scheduledAt: '2027-03-14T08:30:00.000Z',
    scheduledAtStockholm: '2027-03-14 09:30',
    rateLimitPerMinute: null,
    pauseReason: null,
    startedAt: null,
    finishedAt: null,
    createdAt: '2027-01-01T10:00:00.000Z',
    updatedAt: '2027-01-01T10:00:00.000Z',
    ...extra,
  };
}

const filled = {
  ...EMPTY_DRAFT,
  name: '  Höstens nyheter ',
  listId: LIST,
  templateId: TEMPLATE,
  fromName: 'Kansliet',
  fromAddress: ' kansli@forbundet.se ',
};

describe('the campaign wizard, as data', () => {
  it('makes the API body: trimmed, empty optional fields null, the schedule as Stockholm wall time', () => {
    expect(bodyOf(filled)).toEqual({
      name: 'Höstens nyheter',
      audience: { type: 'list', listId: LIST },
      templateId: TEMPLATE,
      templateVersionId: null,
      subject: null,
      fromName: 'Kansliet',
      fromAddress: 'kansli@forbundet.se',
      replyTo: null,
      scheduledAt: null,
    });
    const later = { ...filled, when: 'later' as const, date: '2027-03-14', time: '09:30' };
    expect(bodyOf(later).scheduledAt).toBe('2027-03-14T09:30');
    // "Send when I start it" forgets a date typed before.
    expect(scheduledAtOf({ ...later, when: 'now' })).toBeNull();
    expect(bodyOf({ ...filled, audienceType: 'segment', segmentId: LIST }).audience).toEqual({
      type: 'segment',
      segmentId: LIST,
    });
  });

  it('reads a saved campaign back in Stockholm time, summer and winter alike', () => {
    expect(draftOf(campaign())).toMatchObject({
      audienceType: 'segment',
      segmentId: LIST,
      when: 'later',
      date: '2027-03-14',
      time: '09:30',
      subject: '',
      replyTo: '',
    });
    // 1 July 07:00 UTC is 09:00 in Stockholm (summer time, +2).
    expect(draftOf(campaign({ scheduledAt: '2027-07-01T07:00:00.000Z' }))).toMatchObject({
      date: '2027-07-01',
      time: '09:00',
    });
    // 22:30 UTC on 31 December is already New Year's Day in Stockholm.
    expect(draftOf(campaign({ scheduledAt: '2026-12-31T23:30:00.000Z' }))).toMatchObject({
      date: '2027-01-01',
      time: '00:30',
    });
    expect(draftOf(campaign({ scheduledAt: null, status: 'draft' }))).toMatchObject({
      when: 'now',
      date: null,
    });
  });

  it('fills in the sender as the last campaign had it', () => {
    expect(withSenderOf(EMPTY_DRAFT, campaign({ replyTo: 'svar@forbundet.se' }))).toMatchObject({
      fromName: 'Kansliet',
      fromAddress: 'kansli@forbundet.se',
      replyTo: 'svar@forbundet.se',
    });
    expect(withSenderOf(EMPTY_DRAFT, undefined)).toBe(EMPTY_DRAFT);
  });

  it('will not leave a step with what it needs missing', () => {
    expect(missingIn(0, EMPTY_DRAFT)).toEqual(['name', 'audience']);
    expect(missingIn(0, { ...EMPTY_DRAFT, name: 'x', audienceType: 'segment', listId: LIST })).toEqual([
      'audience',
    ]);
    expect(missingIn(1, { ...filled, fromName: ' ' })).toEqual(['fromName']);
    expect(missingIn(2, { ...filled, when: 'later', date: null, time: '9' })).toEqual(['date', 'time']);
    expect(missingIn(2, { ...filled, when: 'now', date: null })).toEqual([]);
  });

  it("places the API's refusal on the field and the step it belongs to", () => {
    const named = new ApiError(400, 'VALIDATION', 'fromAddress: "x" är ingen giltig e-postadress', {
      field: 'fromAddress',
    });
    expect(fieldErrorsOf(named)).toEqual({ fromAddress: '"x" är ingen giltig e-postadress' });
    expect(stepOfErrors(fieldErrorsOf(named))).toBe(1);
    // Only the message names the field.
    const plain = new ApiError(400, 'VALIDATION', 'scheduledAt: 2020-01-01 10:00 har redan passerat');
    expect(fieldErrorsOf(plain)).toEqual({ scheduledAt: '2020-01-01 10:00 har redan passerat' });
    expect(stepOfErrors(fieldErrorsOf(plain))).toBe(2);
    // A nested field counts as its top one; the earliest step wins.
    const both = new ApiError(400, 'VALIDATION', 'Ogiltiga fält', {
      fields: [
        { field: 'replyTo', message: 'replyTo: ogiltig' },
        { field: 'audience.listId', message: 'audience.listId: måste vara ett uuid' },
      ],
    });
    expect(stepOfErrors(fieldErrorsOf(both))).toBe(0);
    // Problems in a subject line are the subject's.
    const subject = new ApiError(400, 'VALIDATION', 'Mallen innehåller fel: sv/ämnesrad: Okänd variabel', {
      problems: [{ part: 'subject', language: 'sv', line: null, message: 'Okänd variabel' }],
    });
    expect(fieldErrorsOf(subject).subject).toMatch(/Okänd variabel/);
    // Something about no field: the form's, not a step's.
    const other = new ApiError(409, 'CONFLICT', 'Kampanjen har status sending och kan inte längre ändras');
    expect(stepOfErrors(fieldErrorsOf(other))).toBeNull();
    expect(fieldErrorsOf(new Error('x'))).toEqual({});
    // A field the caller does not know stays in the message.
    expect(fieldErrorsOf(plain, ['email'])).toEqual({});
  });

  it('counts a campaign done at 100 % only when every recipient is handled', () => {
    const counts = {
      pending: 0,
      sending: 0,
      sent: 0,
      failed_temporary: 0,
      failed_permanent: 0,
      suppressed: 0,
      uncertain: 0,
      withdrawn: 0,
    };
    expect(percentDone({ counts, total: 0 })).toBe(0);
    expect(percentDone({ counts: { ...counts, sent: 999, pending: 1 }, total: 1000 })).toBe(99);
    expect(percentDone({ counts: { ...counts, sent: 1, suppressed: 1, uncertain: 1 }, total: 3 })).toBe(100);
    expect(percentDone({ counts: { ...counts, sent: 1, failed_temporary: 2 }, total: 3 })).toBe(33);
  });
});
