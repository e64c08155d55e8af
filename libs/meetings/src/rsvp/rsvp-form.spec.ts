import { parseRsvpForm } from './rsvp-form';

describe('the RSVP form', () => {
  it('reads the answer and the details, one companion per line', () => {
    const result = parseRsvpForm(
      {
        svar: 'ja',
        kost: ' Vegetarisk ',
        tillganglighet: '',
        kommentar: 'Ser fram emot det\r\nHälsningar',
        sallskap: 'Eva Ek\r\n\r\n Bo Berg ',
      },
      'sv',
    );
    expect(result).toEqual({
      ok: true,
      choice: 'yes',
      details: {
        diet: 'Vegetarisk',
        accessibility: null,
        comment: 'Ser fram emot det\nHälsningar',
        companions: ['Eva Ek', 'Bo Berg'],
      },
      values: expect.any(Object),
    });
  });

  it('names what is wrong in the page language, and gives back what was typed', () => {
    const result = parseRsvpForm(
      { svar: 'kanhända', kost: 'a\nb', kommentar: 'x'.repeat(2001), sallskap: 'A\nB\nC\nD\nE\nF' },
      'sv',
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        answer: 'Välj ett svar: ja, nej eller kanske.',
        diet: 'Skriv på en rad.',
        comment: 'Högst 2000 tecken.',
        companions: 'Högst 5 namn, ett per rad.',
      },
      values: expect.objectContaining({ answer: 'kanhända', diet: 'a\nb' }),
    });
    const en = parseRsvpForm({ svar: ['ja', 'nej'], tillganglighet: 'x\u0000' }, 'en');
    expect(en).toMatchObject({
      ok: false,
      errors: {
        answer: 'The field was sent more than once.',
        accessibility: 'Contains characters that cannot be stored.',
      },
    });
  });
});
