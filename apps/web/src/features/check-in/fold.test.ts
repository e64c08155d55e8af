import { describe, expect, it } from 'vitest';
import { foldForSearch, matchesSearch } from './fold';

const anna = {
  firstName: 'Åsa-Anna',
  lastName: 'Öberg',
  email: 'anna@exempel.se',
  organizationName: 'Jämtkraft',
};

describe('the local search', () => {
  it('folds å, ä and ö to a, a and o, and case, as the API does', () => {
    expect(foldForSearch('Åsa ÄNGLA Öberg')).toBe('asa angla oberg');
    expect(foldForSearch('  Émile   Zola ')).toBe('emile zola');
  });

  it('finds a person by any part of the name, the e-mail or the organisation, without the dots', () => {
    expect(matchesSearch(anna, 'oberg')).toBe(true);
    expect(matchesSearch(anna, 'ÖBERG')).toBe(true);
    expect(matchesSearch(anna, 'asa')).toBe(true);
    expect(matchesSearch(anna, 'anna@exe')).toBe(true);
    expect(matchesSearch(anna, 'jamt')).toBe(true);
    expect(matchesSearch(anna, 'asa oberg')).toBe(true);
    expect(matchesSearch(anna, 'oberg lind')).toBe(false);
    expect(matchesSearch(anna, '')).toBe(true);
    expect(matchesSearch({ ...anna, email: null, organizationName: null }, 'exempel')).toBe(false);
  });
});
