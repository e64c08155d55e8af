import { REGIONS_SEED } from '@app/database';
import { createRegionMatcher, createRegionOfName } from './region-matcher';

const regions = REGIONS_SEED.map((r, i) => ({ id: i + 1, ...r }));
const match = createRegionMatcher(regions);
const nameOf = (text: string): string | undefined => match(text)?.name;

describe('createRegionMatcher', () => {
  it.each([
    ['Region Sörmland', 'Region Sörmland'],
    ['region sörmland', 'Region Sörmland'],
    ['REGION SORMLAND', 'Region Sörmland'],
    ['Landstinget Sörmland', 'Region Sörmland'],
    ['Sörmland', 'Region Sörmland'],
    ['sormland', 'Region Sörmland'],
    ['D', 'Region Sörmland'],
    ['d', 'Region Sörmland'],
    ['04', 'Region Sörmland'],
    ['4', 'Region Sörmland'],
    ['03', 'Region Uppsala'],
    ['3', 'Region Uppsala'],
    ['Landstinget i Uppsala län', 'Region Uppsala'],
    ['Uppsala', 'Region Uppsala'],
    ['Jönköpings län', 'Region Jönköpings län'],
    ['Jönköping', 'Region Jönköpings län'],
    ['Västra Götalandsregionen', 'Västra Götalandsregionen'],
    ['Västra Götaland', 'Västra Götalandsregionen'],
    ['O', 'Västra Götalandsregionen'],
    ['Stockholms läns landsting', 'Region Stockholm'],
    ['Stockholm', 'Region Stockholm'],
    ['AB', 'Region Stockholm'],
    ['Norrbottens läns landsting', 'Region Norrbotten'],
    ['BD', 'Region Norrbotten'],
    ['25', 'Region Norrbotten'],
    ['  Region   Östergötland ', 'Region Östergötland'],
    ['ostergotland', 'Region Östergötland'],
    ['Jämtland Härjedalen', 'Region Jämtland Härjedalen'],
  ])('%s → %s', (text, expected) => {
    expect(nameOf(text)).toBe(expected);
  });

  it.each(['', '   ', 'Atlantis', '02', '99', 'Q', 'Region'])('%j → null', (text) => {
    expect(match(text)).toBeNull();
  });

  it('maps every region by its own name, code and letter', () => {
    for (const r of regions) {
      expect(match(r.name)?.id).toBe(r.id);
      expect(match(r.code)?.id).toBe(r.id);
      expect(match(r.letter)?.id).toBe(r.id);
    }
  });
});

describe('createRegionOfName', () => {
  const regionOf = createRegionOfName(regions);

  it.each([
    ['Region Dalarna', 'Region Dalarna'],
    ['Region Jämtland Härjedalen', 'Region Jämtland Härjedalen'],
    ['Västra Götalandsregionen', 'Västra Götalandsregionen'],
    ['Region Sörmland', 'Region Sörmland'],
    ['Landstinget Dalarna', 'Region Dalarna'],
    ['Region Dalarna, Kultur och bildning', 'Region Dalarna'],
    ['Kulturförvaltningen – Västra Götalandsregionen', 'Västra Götalandsregionen'],
  ])('%s → %s', (name, expected) => {
    expect(regionOf(name)?.name).toBe(expected);
  });

  it.each(['D', 'O', '20', 'Sveriges Körförbund', 'Region Dalarna och Region Gävleborg'])(
    '%j names no region',
    (name) => {
      expect(regionOf(name)).toBeNull();
    },
  );
});
