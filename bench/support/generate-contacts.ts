import { REGIONS_SEED } from '@app/database';
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
