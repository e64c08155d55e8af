import { excelSheetName, reportCsv } from './report-files';

describe('excelSheetName', () => {
  it('takes out []:*?/\\, cuts at 31 characters and keeps names unique without case', () => {
    const used = new Set<string>();
    expect(excelSheetName('Dialogmöte: Gotland [2027]?', used)).toBe('Dialogmöte Gotland 2027');
    expect(excelSheetName('a/b\\c*d', used)).toBe('a b c d');
    const long = 'Dialogmöte i Region Jämtland Härjedalen, Östersund';
    expect(excelSheetName(long, used)).toBe('Dialogmöte i Region Jämtland Hä');
    expect(excelSheetName(long, used)).toBe('Dialogmöte i Region Jämtlan (2)');
    expect(excelSheetName('DIALOGMÖTE GOTLAND 2027', used)).toBe('DIALOGMÖTE GOTLAND 2027 (2)');
    for (const name of used) expect(name.length).toBeLessThanOrEqual(31);
  });

  it('never answers an empty, quoted or reserved name', () => {
    const used = new Set<string>();
    expect(excelSheetName('???', used)).toBe('Blad');
    expect(excelSheetName("'Svar'", used)).toBe('Svar');
    expect(excelSheetName('History', used)).toBe('History 1');
  });
});

describe('reportCsv', () => {
  it('writes the Swedish Excel dialect with formula-safe text and plain numbers', () => {
    const csv = reportCsv([
      {
        title: 'Siffror',
        headers: ['Uppgift', 'Antal'],
        rows: [
          ['=SUM(A1)', 3],
          ['-2', null],
        ],
      },
      { headers: ['Organisation'], rows: [['@Riksteatern']] },
    ]).toString('utf8');
    expect(csv).toBe(
      "\ufeffSiffror\r\nUppgift;Antal\r\n'=SUM(A1);3\r\n'-2;\r\n\r\nOrganisation\r\n'@Riksteatern\r\n",
    );
  });
});
