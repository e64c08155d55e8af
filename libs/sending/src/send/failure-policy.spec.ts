import { SendFailure } from '@app/mail';
import { decideFailure } from './failure-policy';

const NOW = new Date('2026-12-02T10:00:00Z');
const SETTINGS = { maxAttempts: 3, retryBaseMs: 60_000 };
const HALF = () => 0.5; // no jitter

const temporary = new SendFailure('temporary', 'Tillfälligt fel 451: 4.7.1 Greylisted', {
  responseCode: 451,
  enhancedCode: '4.7.1',
  response: '451 4.7.1 Greylisted',
});
const unknownUser = new SendFailure('permanent', 'Permanent fel 550: 5.1.1 User unknown', {
  responseCode: 550,
  enhancedCode: '5.1.1',
  response: '550 5.1.1 <x@example.se>: User unknown',
});
const policyBlock = new SendFailure('permanent', 'Permanent fel 550: 5.7.1 Rejected by policy', {
  responseCode: 550,
  enhancedCode: '5.7.1',
  response: '550 5.7.1 Rejected by policy',
});
const droppedAfterData = new SendFailure('uncertain', 'Osäkert om brevet levererades: ECONNRESET');

describe('decideFailure', () => {
  it('retries a temporary failure with attempts left, after the backoff from now', () => {
    const first = decideFailure(temporary, 1, NOW, SETTINGS, HALF);
    expect(first).toEqual({
      status: 'failed_temporary',
      nextAttemptAt: new Date(NOW.getTime() + 60_000),
      lastError: temporary.message,
      smtpResponse: '451 4.7.1 Greylisted',
      countsTowardsPause: true,
    });
    const second = decideFailure(temporary, 2, NOW, SETTINGS, HALF);
    expect(second).toMatchObject({
      status: 'failed_temporary',
      nextAttemptAt: new Date(NOW.getTime() + 120_000),
    });
  });

  it('gives up on a temporary failure when the attempts are used, and says so', () => {
    expect(decideFailure(temporary, 3, NOW, SETTINGS, HALF)).toEqual({
      status: 'failed_permanent',
      suppress: null,
      lastError: `${temporary.message} (gav upp efter 3 försök)`,
      smtpResponse: '451 4.7.1 Greylisted',
      countsTowardsPause: true,
    });
  });

  it('never retries an uncertain send', () => {
    for (const attempts of [1, 2, 3]) {
      expect(decideFailure(droppedAfterData, attempts, NOW, SETTINGS)).toMatchObject({
        status: 'uncertain',
        countsTowardsPause: true,
      });
    }
  });

  it('suppresses a dead address as bounced, and that does not count towards the pause', () => {
    expect(decideFailure(unknownUser, 1, NOW, SETTINGS)).toMatchObject({
      status: 'failed_permanent',
      suppress: 'bounced',
      countsTowardsPause: false,
    });
  });

  it('does not suppress an address for a permanent failure that is not about it', () => {
    expect(decideFailure(policyBlock, 1, NOW, SETTINGS)).toMatchObject({
      status: 'failed_permanent',
      suppress: null,
      countsTowardsPause: true,
    });
  });

  it('recognises "user unknown" without an enhanced code', () => {
    const bare = new SendFailure('permanent', 'Permanent fel 550', {
      responseCode: 550,
      response: '550 Sorry, no such user here',
    });
    expect(decideFailure(bare, 1, NOW, SETTINGS)).toMatchObject({ suppress: 'bounced' });
  });
});
