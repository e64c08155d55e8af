import type { SurveyQuestion } from '../surveys/survey-types';
import { questionResults, responseRate } from './survey-results';

const w = (sv: string) => ({ sv, en: null });
const QUESTIONS: SurveyQuestion[] = [
  { id: 'q1', kind: 'rating', required: true, text: w('Betyg'), choices: [] },
  { id: 'q2', kind: 'multiple', required: false, text: w('Flera'), choices: [w('A'), w('B')] },
  { id: 'q3', kind: 'text', required: false, text: w('Text'), choices: [] },
];

describe('survey results', () => {
  it('averages ratings, counts choices and lists free text', () => {
    const [rating, multiple, text] = questionResults(QUESTIONS, [
      { q1: 5, q2: [1, 2], q3: 'Bra' },
      { q1: 4, q2: [2] },
      { q1: 4 },
    ]);
    expect(rating).toMatchObject({ answered: 3, average: 4.33 });
    expect(rating.distribution.map((d) => d.count)).toEqual([0, 0, 0, 2, 1]);
    expect(multiple).toMatchObject({ answered: 2, average: null });
    expect(multiple.distribution).toEqual([
      { value: 1, label: 'A', count: 1 },
      { value: 2, label: 'B', count: 2 },
    ]);
    expect(text).toMatchObject({ answered: 1, texts: ['Bra'] });
  });

  it('has no average without answers, and a rate only when something was sent', () => {
    expect(questionResults(QUESTIONS, [])[0].average).toBeNull();
    expect(responseRate(2, 3)).toBe(0.6667);
    expect(responseRate(0, 0)).toBeNull();
    expect(responseRate(1, null)).toBeNull();
  });
});
