import { neutraliseFormula } from './formula-guard';

describe('neutraliseFormula', () => {
  it.each(['=HYPERLINK("http://x")', '+46 70 123', '-1+2', '@SUM(A1)', '\tx', '\rx'])(
    'prefixes %j with an apostrophe',
    (cell) => {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    },
  );

  it.each(['Anna', '', "'already", '070-123', 'a=b'])('leaves %j as it is', (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
  });
});
