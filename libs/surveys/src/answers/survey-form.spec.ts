import type { SurveyQuestion } from '../surveys/survey-types';
import { parseSurveyForm, valuesOf } from './survey-form';

const w = (sv: string) => ({ sv, en: null });
const QUESTIONS: SurveyQuestion[] = [
  { id: 'q1', kind: 'rating', required: true, text: w('Betyg'), choices: [] },
  { id: 'q2', kind: 'single', required: false, text: w('Ett'), choices: [w('A'), w('B')] },
  { id: 'q3', kind: 'multiple', required: false, text: w('Flera'), choices: [w('A'), w('B'), w('C')] },
  { id: 'q4', kind: 'text', required: false, text: w('Text'), choices: [] },
];

describe('parseSurveyForm', () => {
  it('reads ratings, choices (by number) and text; ignores unknown fields', () => {
    const r = parseSurveyForm(
      { q1: '4', q2: '2', q3: ['3', '1', '3'], q4: ' Hej\r\nhopp ', x: 'y' },
      QUESTIONS,
      'sv',
    );
    expect(r).toMatchObject({ ok: true, answers: { q1: 4, q2: 2, q3: [1, 3], q4: 'Hej\nhopp' } });
  });

  it('leaves unanswered optional questions out', () => {
    expect(parseSurveyForm({ q1: '1', q2: '', q4: '  ' }, QUESTIONS, 'sv')).toMatchObject({
      ok: true,
      answers: { q1: 1 },
    });
  });

  it('says what is wrong per question, in the page language', () => {
    const r = parseSurveyForm({ q1: '6', q2: '3', q3: ['1', 'x'], q4: 'a\u0000' }, QUESTIONS, 'sv');
    expect(r).toMatchObject({
      ok: false,
      errors: {
        q1: 'Välj ett betyg från 1 till 5.',
        q2: 'Välj ett av svarsalternativen.',
        q3: 'Välj bland svarsalternativen.',
        q4: 'Innehåller tecken som inte kan sparas.',
      },
    });
    expect(parseSurveyForm({}, QUESTIONS, 'en')).toMatchObject({
      ok: false,
      errors: { q1: 'Please answer the question.' },
    });
    expect(parseSurveyForm({ q1: ['1', '2'] }, QUESTIONS, 'sv')).toMatchObject({
      ok: false,
      errors: { q1: 'Fältet skickades flera gånger.' },
    });
    expect(parseSurveyForm({ q1: '1', q4: 'a'.repeat(2001) }, QUESTIONS, 'sv')).toMatchObject({
      ok: false,
      errors: { q4: 'Högst 2000 tecken.' },
    });
    expect(parseSurveyForm({ q1: '01.5' }, QUESTIONS, 'sv').ok).toBe(false);
  });

  it('gives stored answers back as form values', () => {
    expect(valuesOf({ q1: 3, q3: [1, 2], q4: 'x' })).toEqual({ q1: ['3'], q3: ['1', '2'], q4: ['x'] });
    expect(valuesOf(null)).toEqual({});
  });
});
