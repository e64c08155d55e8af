/**
 * Lower-case and strip diacritics (å → a, ä → a, ö → o, é → e), as the API's own search does
 * (libs/common foldForSearch): "oberg" finds Öberg, "asa" finds Åsa, on the phone without the network.
 */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

interface Searchable {
  firstName: string;
  lastName: string;
  email: string | null;
  organizationName?: string | null;
}

/** Every word of the query is found in the person's name, e-mail or organisation (folded). */
export function matchesSearch(row: Searchable, query: string): boolean {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const text = foldForSearch(
    [row.firstName, row.lastName, row.email ?? '', row.organizationName ?? ''].join(' '),
  );
  return words.every((w) => text.includes(w));
}
