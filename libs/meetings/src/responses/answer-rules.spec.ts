import { answerOutcome, staffOutcome } from './answer-rules';

describe('answer rules', () => {
  it('gives a yes a place when one is free, else the waiting list', () => {
    expect(answerOutcome(null, 'yes', true)).toEqual({ answer: 'yes', waitlist: 'leave' });
    expect(answerOutcome(null, 'yes', false)).toEqual({ answer: 'waitlisted', waitlist: 'join' });
    expect(answerOutcome('no', 'yes', false)).toEqual({ answer: 'waitlisted', waitlist: 'join' });
    expect(answerOutcome('cancelled', 'yes', true)).toEqual({ answer: 'yes', waitlist: 'leave' });
  });

  it('keeps a place or a place in the queue when yes is said again', () => {
    expect(answerOutcome('yes', 'yes', false)).toEqual({ answer: 'yes', waitlist: 'leave' });
    expect(answerOutcome('waitlisted', 'yes', true)).toEqual({ answer: 'waitlisted', waitlist: 'keep' });
  });

  it('a no from someone with a place or in the queue is a cancellation; from anyone else a no', () => {
    expect(answerOutcome('yes', 'no', true)).toEqual({ answer: 'cancelled', waitlist: 'leave' });
    expect(answerOutcome('waitlisted', 'no', true)).toEqual({ answer: 'cancelled', waitlist: 'leave' });
    expect(answerOutcome(null, 'no', true)).toEqual({ answer: 'no', waitlist: 'leave' });
    expect(answerOutcome('maybe', 'no', true)).toEqual({ answer: 'no', waitlist: 'leave' });
  });

  it('a maybe gives up a place', () => {
    expect(answerOutcome('yes', 'maybe', false)).toEqual({ answer: 'maybe', waitlist: 'leave' });
    expect(answerOutcome('waitlisted', 'maybe', false)).toEqual({ answer: 'maybe', waitlist: 'leave' });
  });

  it('staff may overbook on purpose, otherwise their yes follows the capacity', () => {
    expect(staffOutcome(null, 'yes', false, false)).toEqual({ answer: 'waitlisted', waitlist: 'join' });
    expect(staffOutcome(null, 'yes', false, true)).toEqual({ answer: 'yes', waitlist: 'leave' });
    expect(staffOutcome('waitlisted', 'waitlisted', false, false)).toEqual({
      answer: 'waitlisted',
      waitlist: 'keep',
    });
    expect(staffOutcome('yes', 'cancelled', false, false)).toEqual({
      answer: 'cancelled',
      waitlist: 'leave',
    });
  });
});
