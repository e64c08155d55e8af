/** Lower-case and strip diacritics so "oberg" matches "Öberg" and "angla" matches "Ängla". */
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

/** Normalised email: trimmed, lower-cased. Case of the local part is ignored by every mail system our users meet. */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

// Deliberately pragmatic (WHATWG's input[type=email] rule plus a dot in the domain): one "@", no spaces.
const EMAIL_RE =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export function isValidEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_RE.test(value);
}
