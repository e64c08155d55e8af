import { forbiddenControlCharacter } from '@app/common';
import type { TemplateLanguage } from '@app/mail';
import { answerFromWord } from '../render/answer-links';
import type { RsvpChoice } from '../responses/meeting-response.entity';
import type { AnswerDetails } from '../responses/meeting-responses.repository';

/** The form's field names, as they are posted (application/x-www-form-urlencoded). */
export const RSVP_FIELDS = {
  answer: 'svar',
  diet: 'kost',
  accessibility: 'tillganglighet',
  comment: 'kommentar',
  companions: 'sallskap',
} as const;
export type RsvpField = keyof typeof RSVP_FIELDS;

export const RSVP_LIMITS = {
  diet: 300,
  accessibility: 500,
  comment: 2000,
  /** Colleagues coming along: one name per line. */
  companions: 5,
  companionName: 100,
} as const;

/** What the person typed, as text (to fill the form again when something is wrong). */
export type RsvpFormValues = Record<RsvpField, string>;

export type RsvpFormResult =
  | { ok: true; choice: RsvpChoice; details: AnswerDetails; values: RsvpFormValues }
  | { ok: false; errors: Partial<Record<RsvpField, string>>; values: RsvpFormValues };

const MESSAGES = {
  sv: {
    answer: 'Välj ett svar: ja, nej eller kanske.',
    tooLong: (max: number) => `Högst ${max} tecken.`,
    lineBreak: 'Skriv på en rad.',
    control: 'Innehåller tecken som inte kan sparas.',
    tooMany: (max: number) => `Högst ${max} namn, ett per rad.`,
    nameTooLong: (max: number) => `Varje namn får vara högst ${max} tecken.`,
    repeated: 'Fältet skickades flera gånger.',
  },
  en: {
    answer: 'Choose an answer: yes, no or maybe.',
    tooLong: (max: number) => `At most ${max} characters.`,
    lineBreak: 'Please write it on one line.',
    control: 'Contains characters that cannot be stored.',
    tooMany: (max: number) => `At most ${max} names, one per line.`,
    nameTooLong: (max: number) => `Each name may be at most ${max} characters.`,
    repeated: 'The field was sent more than once.',
  },
};

/**
 * Reads and checks a posted RSVP form: the answer (ja/nej/kanske), dietary and accessibility needs (one line
 * each), a comment, and colleagues coming along (one name per line). Every limit has its message in the page's
 * language; nothing is stored unless every field is right.
 */
export function parseRsvpForm(body: unknown, language: TemplateLanguage): RsvpFormResult {
  const t = MESSAGES[language];
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors: Partial<Record<RsvpField, string>> = {};
  const values = {} as RsvpFormValues;
  for (const field of Object.keys(RSVP_FIELDS) as RsvpField[]) {
    const value = raw[RSVP_FIELDS[field]];
    if (Array.isArray(value) || (value !== undefined && typeof value !== 'string')) {
      errors[field] = t.repeated;
      values[field] = '';
    } else {
      values[field] = (value ?? '').replace(/\r\n?/g, '\n');
    }
  }
  const choice = answerFromWord(values.answer.trim());
  if (!choice && !errors.answer) errors.answer = t.answer;

  const line = (field: 'diet' | 'accessibility') => {
    if (errors[field]) return null;
    const value = values[field].trim();
    const bad = forbiddenControlCharacter(value, 'line');
    if (bad) errors[field] = bad === 'U+000A' ? t.lineBreak : t.control;
    else if (value.length > RSVP_LIMITS[field]) errors[field] = t.tooLong(RSVP_LIMITS[field]);
    return value || null;
  };
  const diet = line('diet');
  const accessibility = line('accessibility');

  const comment = values.comment.trim();
  if (!errors.comment) {
    if (forbiddenControlCharacter(comment, 'text')) errors.comment = t.control;
    else if (comment.length > RSVP_LIMITS.comment) errors.comment = t.tooLong(RSVP_LIMITS.comment);
  }

  const companions = values.companions
    .split('\n')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  if (!errors.companions) {
    if (companions.some((n) => forbiddenControlCharacter(n, 'line'))) errors.companions = t.control;
    else if (companions.length > RSVP_LIMITS.companions)
      errors.companions = t.tooMany(RSVP_LIMITS.companions);
    else if (companions.some((n) => n.length > RSVP_LIMITS.companionName))
      errors.companions = t.nameTooLong(RSVP_LIMITS.companionName);
  }

  if (Object.keys(errors).length > 0 || !choice) return { ok: false, errors, values };
  return {
    ok: true,
    choice,
    details: { diet, accessibility, comment: comment || null, companions },
    values,
  };
}
