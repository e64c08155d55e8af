import { describe, expect, it } from 'vitest';
import {
  choose,
  examplesOf,
  headerKey,
  initialChoices,
  mappingProblems,
  mappingToSend,
  type ImportPreview,
  type PreviewColumn,
} from './mapping';

const columns: PreviewColumn[] = [
  { index: 0, header: 'Förnamn', suggested: 'firstName' },
  { index: 1, header: 'Mejl', suggested: 'email' },
  { index: 2, header: 'Förening', suggested: 'organization' },
  { index: 3, header: 'MEMBER_RATING', suggested: null },
  { index: 4, header: 'Kommun', suggested: null },
];

describe('the import mapping', () => {
  it('starts from the suggestion: recognised columns filled in, the rest ignored', () => {
    expect(initialChoices(columns)).toEqual(['firstName', 'email', 'organization', 'ignore', 'ignore']);
  });

  it('sends nothing when the suggestion is kept, and only the changed columns otherwise, by their header', () => {
    const kept = initialChoices(columns);
    expect(mappingToSend(columns, kept)).toBeNull();
    let changed = choose(columns, kept, 4, 'notes');
    changed = choose(columns, changed, 2, 'ignore');
    expect(mappingToSend(columns, changed)).toEqual({ Kommun: 'notes', Förening: 'ignore' });
  });

  it('treats headers the API takes for one (case, spaces, diacritics) as one column', () => {
    expect(headerKey(' E-post ')).toBe(headerKey('e post'));
    expect(headerKey('Förening')).toBe('forening');
    const twins: PreviewColumn[] = [
      { index: 0, header: 'E-post', suggested: 'email' },
      { index: 1, header: 'Anteckning', suggested: 'notes' },
      { index: 2, header: 'anteckning ', suggested: 'notes' },
    ];
    const chosen = choose(twins, initialChoices(twins), 2, 'tags');
    expect(chosen).toEqual(['email', 'tags', 'tags']);
    expect(mappingToSend(twins, chosen)).toEqual({ Anteckning: 'tags' });
  });

  it('stops an import without an e-mail column, and warns when two different columns fill one field', () => {
    const noEmail = choose(columns, initialChoices(columns), 1, 'ignore');
    expect(mappingProblems(columns, noEmail)).toEqual([{ kind: 'noEmail' }]);
    const twice = choose(columns, initialChoices(columns), 4, 'organization');
    expect(mappingProblems(columns, twice)).toEqual([
      { kind: 'twice', field: 'organization', headers: ['Förening', 'Kommun'] },
    ]);
    expect(mappingProblems(columns, initialChoices(columns))).toEqual([]);
  });

  it('shows a column by its first non-empty values', () => {
    const preview: ImportPreview = {
      format: 'csv',
      columns,
      fields: [],
      rows: [
        { line: 2, cells: ['Anna', 'anna@exempel.se', '', '3', 'Umeå'] },
        { line: 3, cells: ['Bo', 'bo@exempel.se', ' ', '2', ''] },
      ],
    };
    expect(examplesOf(preview, 0)).toEqual(['Anna', 'Bo']);
    expect(examplesOf(preview, 2)).toEqual([]);
    expect(examplesOf(preview, 4)).toEqual(['Umeå']);
  });
});
