import { AppException, controlCharacterMessage, forbiddenControlCharacter } from '@app/common';
import { QUESTION_KINDS, QuestionKind, SURVEY_LIMITS, SurveyQuestion, Wording } from './survey-types';

/** A question as staff write it. */
export interface QuestionInput {
  kind: QuestionKind;
  required?: boolean;
  textSv: string;
  textEn?: string | null;
  choices?: { sv: string; en?: string | null }[];
}

/** The texts and questions of a survey as staff write them (everything optional on an update). */
export interface SurveyTextsInput {
  titleSv?: string;
  titleEn?: string | null;
  introSv?: string | null;
  introEn?: string | null;
  anonymous?: boolean;
  questions?: QuestionInput[];
  closesAt?: string | null;
}

/** A text field, trimmed; empty is null. Control characters and lengths are said in Swedish, naming the field. */
export function checkedText(
  field: string,
  value: string | null | undefined,
  max: number,
  kind: 'line' | 'text',
): string | null {
  const text = value?.replace(/\r\n?/g, '\n').trim() ?? '';
  if (!text) return null;
  const bad = forbiddenControlCharacter(text, kind);
  if (bad) throw AppException.validation(`${field} ${controlCharacterMessage(bad, kind)}`, { field });
  if (text.length > max) throw AppException.validation(`${field}: högst ${max} tecken`, { field });
  return text;
}

function wording(field: string, sv: string | undefined, en: string | null | undefined, max: number): Wording {
  const svText = checkedText(`${field}.sv`, sv, max, 'line');
  if (!svText) throw AppException.validation(`${field}: skriv texten på svenska`, { field });
  return { sv: svText, en: checkedText(`${field}.en`, en, max, 'line') };
}

/**
 * The questions as stored: numbered q1, q2 … in order, each with its Swedish text (English optional), and the
 * choices of a choice question (at least two, none repeated). Rating and free-text questions have no choices.
 */
export function checkedQuestions(input: QuestionInput[]): SurveyQuestion[] {
  if (input.length > SURVEY_LIMITS.questions)
    throw AppException.validation(`questions: högst ${SURVEY_LIMITS.questions} frågor`, {
      field: 'questions',
    });
  return input.map((q, i) => {
    const field = `questions[${i}]`;
    if (!QUESTION_KINDS.includes(q.kind))
      throw AppException.validation(`${field}.kind: välj en av ${QUESTION_KINDS.join(', ')}`, { field });
    const text = wording(`${field}.text`, q.textSv, q.textEn, SURVEY_LIMITS.questionText);
    const given = q.choices ?? [];
    let choices: Wording[] = [];
    if (q.kind === 'single' || q.kind === 'multiple') {
      if (given.length < 2)
        throw AppException.validation(
          `${field}.choices: en flervalsfråga behöver minst två svarsalternativ`,
          {
            field,
          },
        );
      if (given.length > SURVEY_LIMITS.choices)
        throw AppException.validation(`${field}.choices: högst ${SURVEY_LIMITS.choices} svarsalternativ`, {
          field,
        });
      choices = given.map((c, j) => wording(`${field}.choices[${j}]`, c.sv, c.en, SURVEY_LIMITS.choiceText));
      const seen = new Set(choices.map((c) => c.sv.toLowerCase()));
      if (seen.size !== choices.length)
        throw AppException.validation(`${field}.choices: samma svarsalternativ finns två gånger`, { field });
    } else if (given.length > 0) {
      throw AppException.validation(
        `${field}.choices: bara frågor med ett eller flera val har svarsalternativ`,
        { field },
      );
    }
    return { id: `q${i + 1}`, kind: q.kind, required: q.required === true, text, choices };
  });
}

/** A closing time as given (ISO 8601 with a zone), or null. */
export function checkedClosesAt(value: string | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime()))
    throw AppException.validation(`closesAt: "${value}" är ingen giltig tidpunkt (ISO 8601)`, {
      field: 'closesAt',
    });
  return at;
}
