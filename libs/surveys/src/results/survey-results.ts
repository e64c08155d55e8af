import type {
  QuestionKind,
  SurveyAnswers,
  SurveyKind,
  SurveyQuestion,
  SurveyStatus,
} from '../surveys/survey-types';

/** How many chose one value: a rating (1–5) or a choice (its number and text). */
export interface DistributionRow {
  value: number;
  label: string;
  count: number;
}

export interface QuestionResult {
  id: string;
  kind: QuestionKind;
  text: string;
  required: boolean;
  /** How many answered this question. */
  answered: number;
  /** Rating only: the mean of the answers, to two decimals; null without answers or for other kinds. */
  average: number | null;
  /** Rating: 1–5; choices: each choice in order; empty for free text. */
  distribution: DistributionRow[];
  /** Free text only: the answers in the order they came. */
  texts: string[];
}

export interface SurveyResults {
  survey: {
    id: string;
    kind: SurveyKind;
    title: string;
    meetingId: string | null;
    anonymous: boolean;
    status: SurveyStatus;
  };
  /** Messages sent (the ledger's sent rows); null before the survey is sent. */
  sent: number | null;
  /** People who answered. */
  answered: number;
  /** answered / sent, 0–1 to four decimals; null when nothing was sent. */
  responseRate: number | null;
  questions: QuestionResult[];
}

/** Per question: the distribution, a rating's average, the free texts. Pure, so the numbers are tested apart. */
export function questionResults(questions: SurveyQuestion[], rows: SurveyAnswers[]): QuestionResult[] {
  return questions.map((q) => {
    const given = rows.map((r) => r[q.id]).filter((v) => v !== undefined);
    const result: QuestionResult = {
      id: q.id,
      kind: q.kind,
      text: q.text.sv,
      required: q.required,
      answered: given.length,
      average: null,
      distribution: [],
      texts: [],
    };
    if (q.kind === 'rating') {
      const numbers = given.filter((v): v is number => typeof v === 'number');
      result.distribution = [1, 2, 3, 4, 5].map((value) => ({
        value,
        label: String(value),
        count: numbers.filter((n) => n === value).length,
      }));
      if (numbers.length > 0)
        result.average = Math.round((numbers.reduce((a, b) => a + b, 0) / numbers.length) * 100) / 100;
    } else if (q.kind === 'single' || q.kind === 'multiple') {
      const picked = given.flatMap((v) => (Array.isArray(v) ? v : typeof v === 'number' ? [v] : []));
      result.distribution = q.choices.map((c, i) => ({
        value: i + 1,
        label: c.sv,
        count: picked.filter((n) => n === i + 1).length,
      }));
    } else {
      result.texts = given.filter((v): v is string => typeof v === 'string');
    }
    return result;
  });
}

export function responseRate(answered: number, sent: number | null): number | null {
  if (!sent) return null;
  return Math.round((answered / sent) * 10_000) / 10_000;
}
