import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('ApiError', () => {
  it("takes the API's Swedish message, and each field's problem without the field's name in front", async () => {
    const err = await ApiError.fromResponse(
      json(400, {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'email: måste vara en e-postadress; tags.0: högst 100 tecken',
        details: {
          errors: ['email: måste vara en e-postadress', 'tags.0: högst 100 tecken'],
          fields: [
            { field: 'email', message: 'email: måste vara en e-postadress' },
            { field: 'tags.0', message: 'tags.0: högst 100 tecken' },
          ],
        },
      }),
    );
    expect(err.message).toBe('email: måste vara en e-postadress; tags.0: högst 100 tecken');
    expect(err.field('email')).toBe('måste vara en e-postadress');
    expect(err.field('tags')).toBe('högst 100 tecken');
  });

  it('names the field of a conflict', async () => {
    const err = await ApiError.fromResponse(
      json(409, {
        statusCode: 409,
        code: 'CONFLICT',
        message: 'E-postadressen a@b.se finns redan hos en annan kontakt',
        details: { field: 'email' },
      }),
    );
    expect(err.status).toBe(409);
    expect(err.field('email')).toBe('E-postadressen a@b.se finns redan hos en annan kontakt');
  });

  it("takes the field's name off a single-field check's message", async () => {
    const err = await ApiError.fromResponse(
      json(400, {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'endsAt: mötet måste sluta efter att det börjar',
        details: { field: 'endsAt' },
      }),
    );
    expect(err.field('endsAt')).toBe('mötet måste sluta efter att det börjar');
  });

  it('reads Retry-After, and says something Swedish when the body is not the API error shape', async () => {
    const err = await ApiError.fromResponse(
      new Response('<html>Bad gateway</html>', { status: 502, headers: { 'retry-after': '5' } }),
    );
    expect(err.message).toBe('Något gick fel (502). Försök igen.');
    expect(err.retryAfterSeconds).toBe(5);
  });
});
