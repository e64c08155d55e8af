import { AppException } from '@app/common';
import { mapColumns, parseMappingJson } from './import-columns';

describe('mapColumns', () => {
  it('recognises Swedish Excel headers in any case and spacing', () => {
    expect(
      mapColumns([
        'Förnamn',
        ' EFTERNAMN ',
        'e-post',
        'Organisation',
        'Region',
        'Telefon',
        'Roll',
        'Taggar',
        'Titel',
        'Språk',
      ]),
    ).toEqual([
      'firstName',
      'lastName',
      'email',
      'organization',
      'region',
      'phone',
      'roles',
      'tags',
      'title',
      'language',
    ]);
    expect(mapColumns(['Epost', 'E-postadress', 'Mobil', 'Förtroendevald'])).toEqual([
      'email',
      'email',
      'phone',
      'elected',
    ]);
  });

  it('recognises a Mailchimp audience export and ignores its other columns', () => {
    expect(
      mapColumns([
        'Email Address',
        'First Name',
        'Last Name',
        'Address',
        'Phone Number',
        'MEMBER_RATING',
        'TAGS',
      ]),
    ).toEqual(['email', 'firstName', 'lastName', null, 'phone', null, 'tags']);
  });

  it('recognises English headers', () => {
    expect(
      mapColumns(['first name', 'Last Name', 'EMAIL', 'organization', 'phone', 'role', 'tags', 'language']),
    ).toEqual(['firstName', 'lastName', 'email', 'organization', 'phone', 'roles', 'tags', 'language']);
  });

  it("recognises the organisation's kind column under its Swedish and English names", () => {
    expect(
      mapColumns([
        'E-post',
        'Organisationstyp',
        'TYP',
        'kind',
        'Organisations-kategori',
        'Organization Type',
      ]),
    ).toEqual([
      'email',
      'organizationKind',
      'organizationKind',
      'organizationKind',
      'organizationKind',
      'organizationKind',
    ]);
    expect(mapColumns(['Mejl', 'Sort'], { Mejl: 'email', Sort: 'organizationKind' })).toEqual([
      'email',
      'organizationKind',
    ]);
  });

  it('lets an explicit mapping win over recognition, matching headers loosely', () => {
    expect(
      mapColumns(['Mejl', 'Förening', 'Telefon'], {
        mejl: 'email',
        'FÖRENING ': 'organization',
        Telefon: 'ignore',
      }),
    ).toEqual(['email', 'organization', null]);
  });

  it('refuses a mapping to an unknown field, naming the column', () => {
    expect(() => mapColumns(['A'], { A: 'skostorlek' })).toThrow(/skostorlek.*"A"/);
  });
});

describe('parseMappingJson', () => {
  it('accepts a JSON object of strings and nothing', () => {
    expect(parseMappingJson('{"Mejl":"email"}')).toEqual({ Mejl: 'email' });
    expect(parseMappingJson(undefined)).toBeNull();
    expect(parseMappingJson('  ')).toBeNull();
  });

  it('refuses broken JSON, arrays and non-string fields with a Swedish message', () => {
    for (const raw of ['{', '["email"]', '{"Mejl": 3}']) {
      expect(() => parseMappingJson(raw)).toThrow(AppException);
    }
    expect(() => parseMappingJson('{')).toThrow('Kolumnmappningen (fältet "mapping") är inte giltig JSON.');
  });
});
