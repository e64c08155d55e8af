/** Evaluation: after a meeting, to those who came. Member: the annual survey, to a list or segment. */
export const SURVEY_KINDS = ['evaluation', 'member'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export const SURVEY_KIND_LABELS: Record<SurveyKind, string> = {
  evaluation: 'Utvärdering av möte',
  member: 'Medlemsenkät',
};

/** Rating 1–5, one choice, several choices, free text. */
export const QUESTION_KINDS = ['rating', 'single', 'multiple', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  rating: 'Betyg 1–5',
  single: 'Ett val',
  multiple: 'Flera val',
  text: 'Fritext',
};

/** draft: not sent yet; open: takes answers; closed: closed by staff or its closing time has passed. */
export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export const SURVEY_STATUS_LABELS: Record<SurveyStatus, string> = {
  draft: 'Utkast',
  open: 'Öppen',
  closed: 'Stängd',
};

export const SURVEY_SEND_STATUSES = ['sending', 'sent', 'paused', 'cancelled'] as const;
export type SurveySendStatus = (typeof SURVEY_SEND_STATUSES)[number];

/** Swedish wording, and English when the survey has it (null: the Swedish is shown). */
export interface Wording {
  sv: string;
  en: string | null;
}

export interface SurveyQuestion {
  /** q1, q2 … in order: the form's field names and the answers' keys (renumbered only while nobody answered). */
  id: string;
  kind: QuestionKind;
  required: boolean;
  text: Wording;
  /** The choices of a single/multiple question (answers hold their 1-based number); empty otherwise. */
  choices: Wording[];
}

/** The limits of a survey and its answers. */
export const SURVEY_LIMITS = {
  title: 200,
  intro: 2000,
  questions: 50,
  questionText: 500,
  choices: 20,
  choiceText: 200,
  /** A free-text answer. */
  answerText: 2000,
} as const;

/** What one person answered: a rating 1–5, a choice number, several choice numbers, or text. */
export type AnswerValue = number | number[] | string;
export type SurveyAnswers = Record<string, AnswerValue>;

/** The audience of an annual member survey: lists and segments (one contact per member is a list staff make). */
export interface SurveyAudience {
  listIds?: string[];
  segmentIds?: string[];
}

/** A survey as stored. */
export interface Survey {
  id: string;
  kind: SurveyKind;
  meetingId: string | null;
  titleSv: string;
  titleEn: string | null;
  introSv: string | null;
  introEn: string | null;
  anonymous: boolean;
  questions: SurveyQuestion[];
  closesAt: Date | null;
  closedAt: Date | null;
  templateId: string | null;
  fromName: string | null;
  fromAddress: string | null;
  replyTo: string | null;
  subject: string | null;
  audience: SurveyAudience | null;
  mailingId: string | null;
  sendStatus: SurveySendStatus | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Whether a survey takes answers at `now`: until staff close it or its closing time passes. */
export function surveyClosed(survey: Pick<Survey, 'closesAt' | 'closedAt'>, now: Date): boolean {
  if (survey.closedAt) return true;
  return survey.closesAt !== null && survey.closesAt.getTime() <= now.getTime();
}

export function surveyStatus(
  survey: Pick<Survey, 'closesAt' | 'closedAt' | 'mailingId'>,
  now: Date,
): SurveyStatus {
  if (surveyClosed(survey, now)) return 'closed';
  return survey.mailingId ? 'open' : 'draft';
}
