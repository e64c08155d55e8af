import type { ReportSheet, ReportTable } from '@app/meetings';
import { QUESTION_KIND_LABELS, SURVEY_KIND_LABELS, SURVEY_STATUS_LABELS } from '../surveys/survey-types';
import type { QuestionResult, SurveyResults } from './survey-results';

/** A decimal as Swedish Excel reads it (4,33); empty when there is none. */
function decimal(n: number | null, digits = 2): string | null {
  return n === null ? null : n.toFixed(digits).replace('.', ',');
}

function percent(rate: number | null): string | null {
  return rate === null ? null : `${decimal(rate * 100, 1)} %`;
}

export function summaryTable(results: SurveyResults): ReportTable {
  const s = results.survey;
  return {
    title: 'Enkät',
    headers: ['Uppgift', 'Värde'],
    rows: [
      ['Enkät', s.title],
      ['Typ', SURVEY_KIND_LABELS[s.kind]],
      ['Status', SURVEY_STATUS_LABELS[s.status]],
      ['Anonym', s.anonymous ? 'Ja' : 'Nej'],
      ['Skickade', results.sent],
      ['Svarande', results.answered],
      ['Svarsfrekvens', percent(results.responseRate)],
    ],
  };
}

export function questionTable(q: QuestionResult, n: number): ReportTable {
  const title = `${n}. ${q.text} (${QUESTION_KIND_LABELS[q.kind].toLowerCase()}, ${q.answered} svar)`;
  if (q.kind === 'text') return { title, headers: ['Svar'], rows: q.texts.map((t) => [t]) };
  const rows: (string | number | null)[][] = q.distribution.map((d) => [d.label, d.count]);
  if (q.kind === 'rating') rows.push(['Medelvärde', decimal(q.average)]);
  return { title, headers: [q.kind === 'rating' ? 'Betyg' : 'Svarsalternativ', 'Antal'], rows };
}

/** The results as tables: the summary, then one table per question (what a meeting report's section shows). */
export function resultTables(results: SurveyResults): ReportTable[] {
  return [summaryTable(results), ...results.questions.map((q, i) => questionTable(q, i + 1))];
}

/** The workbook: "Sammanfattning" and "Frågor" (every question's table), and "Fritext" when there is any. */
export function resultSheets(results: SurveyResults): ReportSheet[] {
  const texts = results.questions.map((q, i) => ({ q, n: i + 1 })).filter(({ q }) => q.kind === 'text');
  return [
    { name: 'Sammanfattning', tables: [summaryTable(results)] },
    {
      name: 'Frågor',
      tables: results.questions
        .map((q, i) => questionTable(q, i + 1))
        .filter((t, i) => results.questions[i].kind !== 'text'),
    },
    ...(texts.length ? [{ name: 'Fritext', tables: texts.map(({ q, n }) => questionTable(q, n)) }] : []),
  ];
}
