import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import {
  diagnosticsFor,
  draftsOf,
  insertionAt,
  problemsFor,
  problemsOfError,
  sameDrafts,
  variableToken,
  withEnglish,
  type TemplateProblem,
} from './template-editing';

const MJML = ['<mjml>', '  <mj-body>', '    <mj-textt>fel</mj-textt>', '  </mj-body>', '</mjml>'].join('\n');

const problem = (extra: Partial<TemplateProblem>): TemplateProblem => ({
  part: 'body',
  language: 'sv',
  line: 1,
  message: 'fel',
  ...extra,
});

describe('the API’s template problems as editor marks', () => {
  it('marks a problem’s whole line, from its first non-blank character to its end', () => {
    const [mark] = diagnosticsFor(
      [problem({ line: 3, message: 'Elementet <mj-textt> finns inte i MJML' })],
      MJML,
    );
    expect(MJML.slice(mark.from, mark.to)).toBe('<mj-textt>fel</mj-textt>');
    expect(mark).toMatchObject({ line: 3, message: 'Elementet <mj-textt> finns inte i MJML' });
  });

  it('marks the first line for a problem without a line, and the last for a line past the end', () => {
    const marks = diagnosticsFor([problem({ line: null }), problem({ line: 40 })], MJML);
    expect(marks.map((m) => [m.line, MJML.slice(m.from, m.to)])).toEqual([
      [1, '<mjml>'],
      [5, '</mjml>'],
    ]);
  });

  it('leaves subject problems out (they belong beside the subject field) and handles an empty line', () => {
    const text = 'a\n\nb';
    const marks = diagnosticsFor([problem({ part: 'subject' }), problem({ line: 2 })], text);
    expect(marks).toEqual([{ from: 2, to: 2, line: 2, message: 'fel' }]);
  });

  it('reads the problems out of a refused save, and nothing out of other errors', () => {
    const refused = new ApiError(400, 'VALIDATION_FAILED', 'Mallen innehåller fel', {
      problems: [
        { part: 'body', language: 'en', line: 6, message: 'Okänd variabel "fornamn"' },
        { part: 'subject', language: 'sv', line: null, message: 'Ämnesraden är tom' },
        { part: 'body', language: 'de', line: 1, message: 'fel språk' },
        'skräp',
      ],
    });
    expect(problemsOfError(refused)).toEqual([
      { part: 'body', language: 'en', line: 6, message: 'Okänd variabel "fornamn"' },
      { part: 'subject', language: 'sv', line: null, message: 'Ämnesraden är tom' },
    ]);
    expect(problemsOfError(new ApiError(409, 'CONFLICT', 'Namnet finns'))).toEqual([]);
    expect(problemsOfError(new Error('nätverk'))).toEqual([]);
  });

  it('picks one language’s problems of one part, whole-text ones first, then by line', () => {
    const problems = [
      problem({ line: 9 }),
      problem({ line: 2 }),
      problem({ line: null, message: 'hela' }),
      problem({ language: 'en', line: 1 }),
      problem({ part: 'subject', line: 1 }),
    ];
    expect(problemsFor(problems, 'sv', 'body').map((p) => p.line)).toEqual([null, 2, 9]);
    expect(problemsFor(problems, 'en', 'body')).toHaveLength(1);
  });
});

describe('inserting a variable', () => {
  it('is written in double braces', () => {
    expect(variableToken('organization.name')).toBe('{{organization.name}}');
  });

  it('goes in at the cursor, replacing a selection made either way, and leaves the cursor after it', () => {
    const text = 'Hej NAMN!';
    for (const selection of [
      { from: 4, to: 8 },
      { from: 8, to: 4 },
    ]) {
      const edit = insertionAt(selection, '{{firstName}}');
      const result = text.slice(0, edit.changes.from) + edit.changes.insert + text.slice(edit.changes.to);
      expect(result).toBe('Hej {{firstName}}!');
      expect(result.slice(0, edit.selection.anchor)).toBe('Hej {{firstName}}');
    }
    expect(insertionAt({ from: 3, to: 3 }, '{{x}}')).toEqual({
      changes: { from: 3, to: 3, insert: '{{x}}' },
      selection: { anchor: 8 },
    });
  });
});

describe('drafts', () => {
  const version = {
    id: 'v',
    templateId: 't',
    version: 2,
    sv: { subject: 'Hej', mjml: '<mjml/>' },
    en: null,
    createdBy: null,
    createdAt: '2027-01-01T00:00:00Z',
  };

  it('start from the stored version and are unsaved once they differ from it', () => {
    const saved = draftsOf(version);
    expect(saved).toEqual({ sv: { subject: 'Hej', mjml: '<mjml/>' }, en: null });
    expect(sameDrafts(saved, { sv: { subject: 'Hej', mjml: '<mjml/>' }, en: null })).toBe(true);
    expect(sameDrafts(saved, { sv: { subject: 'Hej!', mjml: '<mjml/>' }, en: null })).toBe(false);
    expect(sameDrafts(saved, withEnglish(saved))).toBe(false);
  });

  it('get an English variant as a copy of the Swedish one, once', () => {
    const withEn = withEnglish(draftsOf(version));
    expect(withEn.en).toEqual({ subject: 'Hej', mjml: '<mjml/>' });
    expect(withEn.en).not.toBe(withEn.sv);
    const edited = { ...withEn, en: { subject: 'Hello', mjml: '<mjml/>' } };
    expect(withEnglish(edited)).toBe(edited);
  });
});
