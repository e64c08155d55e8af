import { stringify } from 'csv-stringify/sync';
import { contactExportCells, ContactExportRecord, csvLine } from './contact-export-row';

const base: ContactExportRecord = {
  id: '00000000-0000-0000-0000-000000000001',
  first_name: 'Åsa',
  last_name: 'Öberg',
  email: 'asa@exempel.se',
  phone: '+46704264531',
  organization_name: 'Hemslöjden',
  organization_kind: 'member',
  region_name: 'Region Dalarna',
  roles: ['kulturchef', 'ledamot'],
  elected: true,
  title: null,
  language: 'sv',
  tags: ['styrelse', 'vip'],
  created_at: new Date('2026-11-26T23:30:00Z'), // 00:30 on the 27th in Stockholm
  updated_at: new Date('2026-06-30T22:30:00Z'), // 00:30 on 1 July (summer time)
};

describe('contactExportCells', () => {
  it('renders Swedish display values and Stockholm dates', () => {
    expect(contactExportCells(base)).toEqual([
      'Åsa',
      'Öberg',
      'asa@exempel.se',
      '070-426 45 31',
      'Hemslöjden',
      'medlem',
      'Region Dalarna',
      'kulturchef, ledamot',
      'ja',
      '',
      'sv',
      'styrelse, vip',
      '2026-11-27',
      '2026-07-01',
    ]);
  });

  it('neutralises every cell that Excel would read as a formula', () => {
    const cells = contactExportCells({
      ...base,
      first_name: '=HYPERLINK("http://x")',
      last_name: '+1+1',
      title: '-2',
      organization_name: '@SUM(A1)',
      tags: ['\tx'],
      region_name: null,
    });
    expect(cells[0]).toBe(`'=HYPERLINK("http://x")`);
    expect(cells[1]).toBe(`'+1+1`);
    expect(cells[9]).toBe(`'-2`);
    expect(cells[4]).toBe(`'@SUM(A1)`);
    expect(cells[11]).toBe(`'\tx`);
    expect(cells[6]).toBe('');
    // A formatted international number starts with "+": neutralised too, still readable.
    expect(contactExportCells({ ...base, phone: '+4915112345678' })[3]).toBe(`'+49 1511 2345678`);
  });

  // csv-stringify with a CRLF record delimiter leaves a lone line feed bare, which Excel reads as a new row.
  it('writes CSV lines as csv-stringify does with Swedish Excel settings, line feeds quoted too', () => {
    const awkward = [
      '',
      'vanlig',
      'a;b',
      'säger "hej"',
      'rad\nbrytning',
      'cr\r',
      '\r\n',
      '"',
      ';',
      "'=1+1",
      'å ä ö',
    ];
    const options = { delimiter: ';', record_delimiter: 'windows' as const, quote_record_delimiter: true };
    for (let i = 0; i < awkward.length; i++) {
      const cells = [awkward[i], awkward[(i + 3) % awkward.length], awkward[(i + 7) % awkward.length]];
      expect(csvLine(cells)).toBe(stringify([cells], options));
    }
    expect(csvLine(awkward)).toBe(stringify([awkward], options));
  });
});
