import { describe, expect, it } from 'vitest';
import { csvCell, errorReportCsv, reportFileName, toExcelCsv } from './error-report';

describe('the error report as CSV for Swedish Excel', () => {
  it('is UTF-8 with a BOM, ";" between cells and CRLF after every row', () => {
    const csv = errorReportCsv(
      [
        { line: 2, field: 'email', reason: 'Ogiltig e-postadress', kind: 'skipped' },
        {
          line: 7,
          field: null,
          reason: 'Raden kunde inte läsas som CSV (ett citattecken stängs aldrig)',
          kind: 'skipped',
        },
        { line: 9, field: 'roles', reason: 'Okänd roll; ignorerad', kind: 'warning' },
      ],
      {
        header: ['Rad', 'Fält', 'Orsak', 'Följd'],
        field: (f) => (f === 'email' ? 'E-postadress' : f === 'roles' ? 'Roller' : ''),
        kind: (k) => (k === 'skipped' ? 'Raden hoppades över' : 'Värdet ignorerades'),
      },
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Rad;Fält;Orsak;Följd',
      '2;E-postadress;Ogiltig e-postadress;Raden hoppades över',
      '7;;Raden kunde inte läsas som CSV (ett citattecken stängs aldrig);Raden hoppades över',
      '9;Roller;"Okänd roll; ignorerad";Värdet ignorerades',
      '',
    ]);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect([...new TextEncoder().encode(csv).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('never lets Excel run a cell: = + - @ tab and CR at the start get an apostrophe', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+46 70 123')).toBe("'+46 70 123");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
  });

  it('quotes cells with ";", quotes or line breaks, doubling the quotes', () => {
    expect(toExcelCsv(['a'], [['rad 1\nrad 2'], ['"citat"']])).toBe(
      '\ufeffa\r\n"rad 1\nrad 2"\r\n"""citat"""\r\n',
    );
  });

  it('names the file after the import', () => {
    expect(reportFileName('medlemmar 2026.xlsx', 'importfel')).toBe('importfel-medlemmar 2026.csv');
    expect(reportFileName('../../x/y.csv', 'importfel')).toBe('importfel-_x_y.csv');
  });
});
