export type CsvDelimiter = ';' | ',' | '\t';

const CANDIDATES: CsvDelimiter[] = [';', ',', '\t'];

/**
 * The separator of a CSV file, judged from its header line: the candidate that occurs most often outside
 * quotes. Ties go to ";" (Swedish Excel, where "," is the decimal mark). A header with none of them is a
 * one-column file; "," is as good as any then.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      quoted = !quoted;
      continue;
    }
    if (quoted) continue;
    if (ch === '\n' || ch === '\r') break;
    const n = counts.get(ch);
    if (n !== undefined) counts.set(ch, n + 1);
  }
  let best: CsvDelimiter = ',';
  let bestCount = 0;
  for (const c of CANDIDATES) {
    const n = counts.get(c) ?? 0;
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}
