import { forbiddenControlCharacter } from '@app/common';
import type { TemplateLanguage } from '@app/mail';
import { SURVEY_LIMITS, SurveyAnswers, SurveyQuestion } from '../surveys/survey-types';

/** What the person chose or typed per question (field name = question id), as text: to fill the form again. */
export type SurveyFormValues = Record<string, string[]>;

export type SurveyFormResult =
  | { ok: true; answers: SurveyAnswers; values: SurveyFormValues }
  | { ok: false; errors: Record<string, string>; values: SurveyFormValues };

export const SURVEY_FORM_MESSAGES = {
  sv: {
    required: 'Svara på frågan.',
    rating: 'Välj ett betyg från 1 till 5.',
    choice: 'Välj ett av svarsalternativen.',
    choices: 'Välj bland svarsalternativen.',
    tooLong: (max: number) => `Högst ${max} tecken.`,
    control: 'Innehåller tecken som inte kan sparas.',
    repeated: 'Fältet skickades flera gånger.',
  },
  en: {
    required: 'Please answer the question.',
    rating: 'Choose a rating from 1 to 5.',
    choice: 'Choose one of the options.',
    choices: 'Choose among the options.',
    tooLong: (max: number) => `At most ${max} characters.`,
    control: 'Contains characters that cannot be stored.',
    repeated: 'The field was sent more than once.',
  },
};

function whole(text: string, max: number): number | null {
  if (!/^\d{1,3}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= max ? n : null;
}

/**
 * Reads and checks a posted survey form against the survey's questions: a rating 1–5, one choice or several
 * (by their number, 1 …), free text up to SURVEY_LIMITS.answerText without control characters, and every
 * required question answered. Fields the survey does not have are ignored; nothing is stored unless all is right.
 */
export function parseSurveyForm(
  body: unknown,
  questions: SurveyQuestion[],
  language: TemplateLanguage,
): SurveyFormResult {
  const t = SURVEY_FORM_MESSAGES[language];
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  const values: SurveyFormValues = {};
  const answers: SurveyAnswers = {};
  for (const q of questions) {
    const given = raw[q.id];
    const list = (Array.isArray(given) ? given : given === undefined ? [] : [given]).filter(
      (v): v is string => typeof v === 'string',
    );
    const texts = list.map((v) => v.replace(/\r\n?/g, '\n'));
    values[q.id] = texts;
    if (list.length !== (Array.isArray(given) ? given.length : given === undefined ? 0 : 1)) {
      errors[q.id] = t.repeated;
      continue;
    }
    if (q.kind !== 'multiple' && texts.length > 1) {
      errors[q.id] = t.repeated;
      continue;
    }
    const one = (texts[0] ?? '').trim();
    switch (q.kind) {
      case 'rating': {
        if (!one) break;
        const n = whole(one, 5);
        if (n === null) errors[q.id] = t.rating;
        else answers[q.id] = n;
        break;
      }
      case 'single': {
        if (!one) break;
        const n = whole(one, q.choices.length);
        if (n === null) errors[q.id] = t.choice;
        else answers[q.id] = n;
        break;
      }
      case 'multiple': {
        const picked = texts.map((v) => v.trim()).filter((v) => v);
        const numbers = picked.map((v) => whole(v, q.choices.length));
        if (numbers.some((n) => n === null)) errors[q.id] = t.choices;
        else if (numbers.length > 0) answers[q.id] = [...new Set(numbers as number[])].sort((a, b) => a - b);
        break;
      }
      case 'text': {
        if (!one) break;
        if (forbiddenControlCharacter(one, 'text')) errors[q.id] = t.control;
        else if (one.length > SURVEY_LIMITS.answerText) errors[q.id] = t.tooLong(SURVEY_LIMITS.answerText);
        else answers[q.id] = one;
        break;
      }
    }
    if (!errors[q.id] && q.required && answers[q.id] === undefined) errors[q.id] = t.required;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, answers, values };
}

/** The stored answers as the form's values (to show them filled in). */
export function valuesOf(answers: SurveyAnswers | null): SurveyFormValues {
  const out: SurveyFormValues = {};
  for (const [id, value] of Object.entries(answers ?? {}))
    out[id] = Array.isArray(value) ? value.map(String) : [String(value)];
  return out;
}
