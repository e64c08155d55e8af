import { mapColumns } from './import-columns';
import { readImportRow } from './import-row';

const columns = mapColumns([
  'Förnamn',
  'Efternamn',
  'E-post',
  'Telefon',
  'Region',
  'Roll',
  'Taggar',
  'Språk',
  'Förtroendevald',
]);
const regions = (t: string) => (t.toLowerCase() === 'region uppsala' ? { id: 2 } : null);
const row = (cells: string[], line = 7) => readImportRow({ line, cells }, columns, regions);

describe('readImportRow', () => {
  it('normalises the email (trim, lower case) and keeps the rest of the person', () => {
    const r = row([
      'Åsa',
      'Öberg',
      '  Asa.Oberg@Exempel.SE ',
      '070-426 45 31',
      'Region Uppsala',
      'Kulturchef',
      'a, b;c|a',
      'en',
      'ja',
    ]);
    expect(r).toEqual({
      ok: true,
      warnings: [],
      contact: {
        line: 7,
        email: 'asa.oberg@exempel.se',
        firstName: 'Åsa',
        lastName: 'Öberg',
        phone: '+46704264531',
        regionId: 2,
        roles: ['kulturchef'],
        tags: ['a', 'b', 'c'],
        language: 'en',
        elected: true,
        organizationName: undefined,
        title: undefined,
        notes: undefined,
      },
    });
  });

  it('skips a row without an email, or with an invalid one, with the reason in Swedish and the field, not the value', () => {
    expect(row(['Karin', 'Lindström', ''])).toEqual({
      ok: false,
      reason: 'E-postadress saknas',
      field: 'email',
    });
    expect(row(['Sven', 'L', 'sven.lindstrom5014@@exempel21.se'])).toEqual({
      ok: false,
      reason: 'Ogiltig e-postadress',
      field: 'email',
    });
    expect(row(['Lena', 'S', 'lena.sjogren5024exempel15.se'])).toEqual({
      ok: false,
      reason: 'Ogiltig e-postadress',
      field: 'email',
    });
  });

  it('keeps the person but drops an invalid phone, an unknown region and language, with warnings naming the field', () => {
    const r = row(['A', 'B', 'a@b.se', '12', 'Atlantis', '', '', 'klingon', 'kanske']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.contact.phone).toBeUndefined();
    expect(r.contact.regionId).toBeUndefined();
    expect(r.warnings).toEqual([
      { reason: 'Ogiltigt telefonnummer ignorerades', field: 'phone' },
      { reason: 'Okänd region ignorerades', field: 'region' },
      { reason: 'Okänt språk ignorerades (sv eller en)', field: 'language' },
      { reason: 'Okänt värde för förtroendevald ignorerades (ja eller nej)', field: 'elected' },
    ]);
    // Nothing of what the row held comes back (a phone number, say, is personal data).
    expect(JSON.stringify(r.warnings)).not.toMatch(/12|Atlantis|klingon|kanske/);
  });

  it('maps roles to the vocabulary case- and diacritic-insensitively, unknown to "annan"', () => {
    const r = row(['A', 'B', 'a@b.se', '', '', 'KULTURDIREKTOR; Trollkarl, ledamot', '']);
    expect(r.ok && r.contact.roles).toEqual(['kulturdirektör', 'annan', 'ledamot']);
  });

  it('leaves empty cells undefined so they never wipe stored values', () => {
    const r = row(['', '', 'a@b.se', '', '', '', '', '', '']);
    expect(r).toEqual({ ok: true, warnings: [], contact: { line: 7, email: 'a@b.se' } });
  });

  it('keeps formula and script text verbatim', () => {
    const r = row(['=HYPERLINK("http://x")', '<script>alert(1)</script>', 'a@b.se']);
    expect(r.ok && [r.contact.firstName, r.contact.lastName]).toEqual([
      '=HYPERLINK("http://x")',
      '<script>alert(1)</script>',
    ]);
  });

  describe("the organisation's kind", () => {
    const kindColumns = mapColumns(['E-post', 'Organisation', 'Organisationstyp']);
    const kindRow = (cells: string[]) => readImportRow({ line: 4, cells }, kindColumns, regions);
    const kindOf = (text: string) => {
      const r = kindRow(['a@b.se', 'Förbundet', text]);
      return r.ok ? r.contact.organizationKind : r;
    };

    it('reads the Swedish and English words for each kind, any case and diacritics', () => {
      const cases: [string, string][] = [
        ['Region', 'region'],
        ['regional', 'region'],
        ['LANDSTING', 'region'],
        ['medlem', 'member'],
        ['Medlemsorganisation', 'member'],
        ['member', 'member'],
        ['Partner', 'partner'],
        ['samarbetspartner', 'partner'],
        ['Samarbetsorganisation', 'partner'],
        ['annan', 'other'],
        ['Övrig', 'other'],
        ['ovrig', 'other'],
        ['Other', 'other'],
      ];
      for (const [text, kind] of cases) expect([text, kindOf(` ${text} `)]).toEqual([text, kind]);
    });

    it('leaves the kind to the file when the cell is empty', () => {
      const r = kindRow(['a@b.se', 'Förbundet', '  ']);
      expect(r).toEqual({
        ok: true,
        warnings: [],
        contact: { line: 4, email: 'a@b.se', organizationName: 'Förbundet' },
      });
    });

    it('skips a row with an unknown kind, naming the field and not the value', () => {
      expect(kindRow(['a@b.se', 'Förbundet', 'Fiende'])).toEqual({
        ok: false,
        reason: 'Okänd organisationstyp (region, medlem, partner eller annan)',
        field: 'organizationKind',
      });
    });

    it('drops a kind given without an organisation, with a warning', () => {
      const r = kindRow(['a@b.se', '', 'partner']);
      expect(r.ok && r.contact.organizationKind).toBeUndefined();
      expect(r.ok && r.warnings).toEqual([
        { reason: 'Organisationstyp utan organisation ignorerades', field: 'organizationKind' },
      ]);
    });
  });
});
