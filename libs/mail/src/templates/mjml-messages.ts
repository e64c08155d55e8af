import type { MJMLParseError } from 'mjml-core';

/** What MJML's own parser throws for text it cannot read at all (no <mjml>, or no elements). */
export const MJML_UNREADABLE =
  'MJML-koden kunde inte läsas: den ska börja med <mjml> och ha brevets innehåll i <mj-body>';

type Translation = [pattern: RegExp, swedish: (m: RegExpMatchArray, tag: string) => string];

const tags = (list: string) =>
  list
    .split(/,\s*/)
    .map((t) => `<${t}>`)
    .join(', ');

/**
 * mjml-validator's messages (rules validTag, validAttributes, validChildren, validTypes), in plain Swedish:
 * staff read them beside the editor. The patterns follow mjml-validator 5's wording.
 */
const TRANSLATIONS: Translation[] = [
  [/^Element (\S+) doesn't exist or is not registered$/, (m) => `Elementet <${m[1]}> finns inte i MJML`],
  [
    /^Attributes? (.+) (?:is|are) illegal$/,
    (m, tag) =>
      m[1].includes(',')
        ? `Attributen ${m[1]} finns inte på <${tag}>`
        : `Attributet ${m[1]} finns inte på <${tag}>`,
  ],
  [
    /^(\S+) cannot be used inside (\S+), only inside: (.+)$/,
    (m) => `<${m[1]}> kan inte ligga direkt i <${m[2]}>, bara i ${tags(m[3])}`,
  ],
  [
    /^Attribute (\S+) has invalid value: (.*) for type Enum, only accepts (.+)$/,
    (m) => `Attributet ${m[1]} har ett ogiltigt värde (${m[2]}); tillåtna värden: ${m[3]}`,
  ],
  [
    /^Attribute (\S+) has invalid value: (.*) for type Unit, only accepts \((.+)\) units and (.+) value\(s\)$/,
    (m) =>
      `Attributet ${m[1]} har ett ogiltigt värde (${m[2]}); ange ${m[4].replace(' to ', '–')} mått i ${m[3].replace(/, /g, ' eller ')}`,
  ],
  [
    /^Attribute (\S+) has invalid value: (.*) for type (\S+)\s*$/,
    (m) => `Attributet ${m[1]} har ett ogiltigt värde (${m[2]})`,
  ],
];

/** One MJML validation error in Swedish; one this table does not know keeps MJML's text after a Swedish lead. */
export function swedishMjmlMessage(error: Pick<MJMLParseError, 'message' | 'tagName'>): string {
  const message = error.message.trim();
  for (const [pattern, swedish] of TRANSLATIONS) {
    const m = message.match(pattern);
    if (m) return swedish(m, error.tagName);
  }
  return `MJML-fel i <${error.tagName}>: ${message}`;
}
