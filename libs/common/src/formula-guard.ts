/**
 * Spreadsheet formula injection guard (OWASP "CSV injection"): a cell that starts with one of these
 * characters is prefixed with an apostrophe so Excel and LibreOffice show it as text.
 */
const DANGEROUS_FIRST_CHARS = new Set(['=', '+', '-', '@', '\t', '\r']);

export function neutraliseFormula(value: string): string {
  return value.length > 0 && DANGEROUS_FIRST_CHARS.has(value[0]) ? `'${value}` : value;
}
