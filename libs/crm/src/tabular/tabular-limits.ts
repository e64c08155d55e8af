/**
 * What an uploaded spreadsheet may cost to read. An XLSX file is a ZIP archive, and a small archive can unpack to
 * an enormous one (a "decompression bomb": 205 KB that becomes a 200 MB header cell). These limits are checked
 * from the archive's directory before anything is unpacked, and again while unpacking (a directory can lie).
 * A real contact list stays far below them: 100,000 contacts in an Excel file unpack to about 40 MB, about ten
 * times their packed size.
 */
export const XLSX_LIMITS = {
  /** Parts (files) in the archive. */
  maxEntries: 10_000,
  /** Unpacked size of any one part. */
  maxPartBytes: 256 * 1024 * 1024,
  /** Unpacked size of all parts together, as the directory states them. */
  maxTotalBytes: 512 * 1024 * 1024,
  /** How many times its packed size a part may unpack to … */
  maxRatio: 100,
  /** … once it unpacks to more than this (tiny parts compress oddly and cost nothing). */
  ratioCheckedAboveBytes: 1024 * 1024,
  /** Characters of text the shared-string table (every distinct cell text) may hold in memory. */
  maxSharedStringChars: 64 * 1024 * 1024,
  /** Characters in one XML tag (a cell's markup, never its text): far more than any spreadsheet writes. */
  maxTagChars: 64 * 1024,
} as const;

/** Excel's own limit for a cell; longer text is cut while reading, CSV and XLSX alike. */
export const MAX_CELL_CHARS = 32_767;
/** A column header longer than this is cut while reading: no real header is, and headers are echoed to staff. */
export const MAX_HEADER_CHARS = 200;
/** Columns read per row; cells further right are ignored (a contact list has a few dozen at most). */
export const MAX_COLUMNS = 1000;
/** What an error message or its details may repeat of a file's content or a request's value. */
export const MAX_ECHO_CHARS = 200;

/** `text` cut to `max` characters, with "…" when it was longer: what an error message may repeat of user input. */
export function echo(text: string, max = MAX_ECHO_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Headers echoed back: each cut, at most `maxItems` of them, and the whole list within `maxTotal` characters. */
export function echoList(items: string[], maxItems = 50, maxTotal = 2000): string[] {
  const out: string[] = [];
  let total = 0;
  for (const item of items.slice(0, maxItems)) {
    const cut = echo(item);
    if (total + cut.length > maxTotal) break;
    out.push(cut);
    total += cut.length;
  }
  return out;
}
