import { formatStockholmDate, neutraliseFormula } from '@app/common';
import { formatSwedishPhone } from '../contacts/phone';

/** The export's columns, Swedish, in order. */
export const CONTACT_EXPORT_HEADERS = [
  'Förnamn',
  'Efternamn',
  'E-post',
  'Telefon',
  'Organisation',
  'Organisationstyp',
  'Region',
  'Roller',
  'Förtroendevald',
  'Titel',
  'Språk',
  'Taggar',
  'Skapad',
  'Uppdaterad',
] as const;

const KIND_LABEL: Record<string, string> = {
  member: 'medlem',
  partner: 'partner',
  region: 'region',
  other: 'annan',
};

/** One contact as the export query returns it. */
export interface ContactExportRecord {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  organization_name: string | null;
  organization_kind: string | null;
  region_name: string | null;
  roles: string[];
  elected: boolean;
  title: string | null;
  language: string;
  tags: string[];
  created_at: Date;
  updated_at: Date;
}

/**
 * One export line as text cells, every cell through the formula guard: a name like "=HYPERLINK(…)" or
 * "+46…" must stay text in Excel and LibreOffice, in CSV and XLSX alike.
 */
export function contactExportCells(r: ContactExportRecord): string[] {
  return [
    r.first_name,
    r.last_name,
    r.email ?? '',
    formatSwedishPhone(r.phone) ?? '',
    r.organization_name ?? '',
    r.organization_kind ? (KIND_LABEL[r.organization_kind] ?? r.organization_kind) : '',
    r.region_name ?? '',
    r.roles.join(', '),
    r.elected ? 'ja' : 'nej',
    r.title ?? '',
    r.language,
    r.tags.join(', '),
    formatStockholmDate(r.created_at),
    formatStockholmDate(r.updated_at),
  ].map(neutraliseFormula);
}

/** Swedish Excel CSV: ";" between cells, CRLF after each line, quoted only when needed (as csv-stringify does). */
export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (i > 0) line += ';';
    line += NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  }
  return line + '\r\n';
}

const NEEDS_QUOTES = /[";\r\n]/;
