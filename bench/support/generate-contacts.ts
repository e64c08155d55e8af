import { REGIONS_SEED } from '@app/database';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { CONTACT_ROLES } from '@app/crm';

const FIRST = [
  'Anna',
  'Åsa',
  'Örjan',
  'Ängla',
  'Björn',
  'Karin',
  'Lena',
  'Nils',
  'Göran',
  'Linnéa',
  'Zoë',
  'Per',
  'Eva',
  'Olle',
  'Maria',
  'Sven',
];
const LAST = [
  'Öberg',
  'Sjögren',
  'Hållén',
  'Bäckström',
  'Lindström',
  'Nilsson',
  'Eriksson',
  'Karlsson',
  'Åkesson',
  'Larsson',
  'Svensson',
  'Gustafsson',
];
const ORGS = [
  'Sveriges Orkesterförbund',
  'Hemslöjden',
  'Amatörteaterns Riksförbund',
  'Svenska Folkdansringen',
  'Riksförbundet Unga Musikanter',
  'Sverok – Spelhobbyförbundet',
  'Ung Teaterscen',
  'MoKS',
  'Bygdegårdarnas Riksförbund',
  'Svenska Arbetarsångarförbundet',
  'Berättarnätet Sverige',
  'SUB – Riksförbundet För Subkultur',
  'Riksteatern',
  'Studiefrämjandet',
  'Sensus',
  'Folkets Hus och Parker',
  'Skådebanan',
  'Hela Sverige ska leva',
  'Ideell kulturallians',
  'Kulturens Bildningsverksamhet',
];
const TAGS = ['styrelse', 'nyhetsbrev', 'dialogmöte', 'kulturplan', 'vip'];

export const CSV_HEADER = 'Förnamn;Efternamn;E-post;Organisation;Region;Telefon;Roll;Taggar';

/** Row i (0-based) of a deterministic Swedish member list. */
export function contactRow(i: number): string[] {
  const region = REGIONS_SEED[i % REGIONS_SEED.length];
  const phone = `+46 70 ${String(100 + (i % 900)).padStart(3, '0')} ${String(10 + (i % 89)).padStart(2, '0')} ${String(10 + ((i * 7) % 89)).padStart(2, '0')}`;
  return [
    FIRST[i % FIRST.length],
    LAST[(i * 7) % LAST.length],
    `person${i}@exempel${i % 50}.se`,
    ORGS[i % ORGS.length],
    region.name,
    phone,
    CONTACT_ROLES[i % CONTACT_ROLES.length],
    `${TAGS[i % TAGS.length]},${TAGS[(i + 2) % TAGS.length]}`,
  ];
}

/** n rows (rows from, from + 1, …) as Swedish Excel saves CSV: UTF-8 with BOM, ";", CRLF. */
export function generateCsv(n: number, from = 0): Buffer {
  const lines = [CSV_HEADER];
  for (let i = from; i < from + n; i++) lines.push(contactRow(i).join(';'));
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * generateCsv(n) written to `path` a piece at a time (the bench itself never holds the file), as Swedish Excel
 * saves it. `change(i, row)` may alter row i first (a re-import with some rows changed). Answers the bytes written.
 */
export async function writeCsvFile(
  path: string,
  n: number,
  change?: (i: number, row: string[]) => string[],
): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`\ufeff${CSV_HEADER}\r\n`);
  let piece: string[] = [];
  for (let i = 0; i < n; i++) {
    const row = contactRow(i);
    piece.push((change ? change(i, row) : row).join(';'));
    if (piece.length === 1000) {
      await write(`${piece.join('\r\n')}\r\n`);
      piece = [];
    }
  }
  if (piece.length > 0) await write(`${piece.join('\r\n')}\r\n`);
  out.end();
  await once(out, 'finish');
  return bytes;
}
