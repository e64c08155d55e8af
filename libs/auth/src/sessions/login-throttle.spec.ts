import { MAX_STALL_MS, STALL_STEP_MS, throttleRule } from './login-throttle.service';

const none = { own: 0, secondsSinceOwnLast: null, othersOnEmail: 0, ownOnOtherEmails: 0 };

describe('login throttling rule', () => {
  it('never refuses a client that has not failed itself, however many others failed on the email', () => {
    expect(throttleRule({ ...none, othersOnEmail: 1000 }, 5, 60)).toEqual({ stallMs: MAX_STALL_MS });
    expect(throttleRule({ ...none, ownOnOtherEmails: 1000 }, 5, 60)).toEqual({ stallMs: MAX_STALL_MS });
    expect(throttleRule({ ...none, othersOnEmail: 7 }, 5, 60)).toEqual({ stallMs: 2 * STALL_STEP_MS });
    expect(throttleRule({ ...none, othersOnEmail: 5 }, 5, 60)).toEqual({ stallMs: 0 });
  });

  it('makes a failing client wait longer after each failure past the free ones, up to the maximum', () => {
    const after = (own: number, since: number) =>
      throttleRule({ ...none, own, secondsSinceOwnLast: since }, 5, 60);
    expect(after(4, 0)).toEqual({ stallMs: 0 });
    expect(after(5, 0)).toEqual({ retryAfterSeconds: 1 });
    expect(after(6, 0)).toEqual({ retryAfterSeconds: 2 });
    expect(after(8, 3)).toEqual({ retryAfterSeconds: 5 });
    expect(after(30, 0)).toEqual({ retryAfterSeconds: 60 });
    // Waiting is always enough: it is a delay, not a lock.
    expect(after(8, 8)).toEqual({ stallMs: 0 });
    expect(after(30, 60)).toEqual({ stallMs: 0 });
  });
});
