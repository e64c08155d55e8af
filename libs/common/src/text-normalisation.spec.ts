import { foldForSearch, isValidEmail, normaliseEmail } from './text-normalisation';

describe('foldForSearch', () => {
  it('folds Swedish letters so people can search without a Swedish keyboard', () => {
    expect(foldForSearch('Öberg')).toBe('oberg');
    expect(foldForSearch('Ängla Bäckström')).toBe('angla backstrom');
    expect(foldForSearch('  Zoë   Linnéa ')).toBe('zoe linnea');
  });
});

describe('email normalisation and validation', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Anna.Oberg@Exempel.SE ')).toBe('anna.oberg@exempel.se');
  });

  it.each(['anna@exempel.se', 'a.b+tag@sub.exempel.se'])('accepts %s', (e) =>
    expect(isValidEmail(e)).toBe(true),
  );

  it.each(['lena.sjogren5024exempel15.se', 'sven@@exempel.se', 'no spaces@x.se', 'a@b', '', 'a@-x.se'])(
    'rejects %j',
    (e) => expect(isValidEmail(e)).toBe(false),
  );
});
