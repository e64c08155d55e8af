import type { RsvpAnswer, RsvpChoice } from './meeting-response.entity';

/** What an answer does to a person's row: the answer stored, and their place on the waiting list. */
export interface AnswerOutcome {
  answer: RsvpAnswer;
  waitlist: 'join' | 'keep' | 'leave';
}

/**
 * The rules of an answer given on the RSVP page (`choice`), from what the person had answered before
 * (`previous`, null when they never answered), when `room` says whether a place is free now:
 *
 * - yes: a place if one is free, else the waiting list; someone who already has a place keeps it, and
 *   someone already waiting keeps their place in the queue (answering yes again does not move them last);
 * - no: `cancelled` for someone who had a place or was waiting (they withdrew: the place goes to the waiting
 *   list), plain `no` for everyone else;
 * - maybe: `maybe` from anyone; someone who had a place or was waiting gives it up (a place is only kept for a
 *   firm yes).
 */
export function answerOutcome(previous: RsvpAnswer | null, choice: RsvpChoice, room: boolean): AnswerOutcome {
  const held = previous === 'yes' || previous === 'waitlisted';
  switch (choice) {
    case 'yes':
      if (previous === 'yes') return { answer: 'yes', waitlist: 'leave' };
      if (previous === 'waitlisted') return { answer: 'waitlisted', waitlist: 'keep' };
      return room ? { answer: 'yes', waitlist: 'leave' } : { answer: 'waitlisted', waitlist: 'join' };
    case 'no':
      return { answer: held ? 'cancelled' : 'no', waitlist: 'leave' };
    case 'maybe':
      return { answer: 'maybe', waitlist: 'leave' };
  }
}

/**
 * The rules of an answer staff set by hand: what they choose is stored, except that `yes` beyond the capacity
 * goes to the waiting list unless they say `overCapacity` (a deliberate overbooking). `waitlisted` puts the
 * person last in the queue (or leaves them where they are).
 */
export function staffOutcome(
  previous: RsvpAnswer | null,
  answer: RsvpAnswer,
  room: boolean,
  overCapacity: boolean,
): AnswerOutcome {
  if (answer === 'yes') {
    if (previous === 'yes' || room || overCapacity) return { answer: 'yes', waitlist: 'leave' };
    return previous === 'waitlisted'
      ? { answer: 'waitlisted', waitlist: 'keep' }
      : { answer: 'waitlisted', waitlist: 'join' };
  }
  if (answer === 'waitlisted') return { answer, waitlist: previous === 'waitlisted' ? 'keep' : 'join' };
  return { answer, waitlist: 'leave' };
}
