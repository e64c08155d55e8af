import { unreadableXlsx } from './zip-archive';

export type XmlAttributes = Record<string, string>;

/** What the scanner reports. Element names come without their namespace prefix ("x:row" → "row"). */
export interface XmlHandler {
  open(name: string, attributes: XmlAttributes): void;
  /** Also called right after open() for a self-closing element. */
  close(name: string): void;
  /** Decoded text, in pieces: a long text node arrives as several calls, never as one huge string. */
  text(text: string): void;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** The longest entity (&#x10FFFF;) is 10 characters: a piece of text ending in an unfinished one waits for more. */
const LONGEST_ENTITY = 10;

/**
 * A small streaming XML scanner for the parts of an XLSX file, written so that memory never depends on the
 * input: text is handed on in pieces as it arrives, only an unfinished tag is held back (and a tag longer than
 * `maxTagChars` is an error), and nothing is expanded beyond the five predefined entities and character
 * references. A DTD, which could declare entities that expand (the "billion laughs"), is refused outright.
 */
export class XmlScanner {
  private pending = '';

  constructor(
    private readonly handler: XmlHandler,
    private readonly maxTagChars: number,
  ) {}

  write(chunk: string): void {
    this.pending = this.scan(this.pending + chunk, false);
  }

  end(): void {
    const rest = this.scan(this.pending, true);
    if (rest.trim() !== '') throw unreadableXlsx('ofullständig XML');
    this.pending = '';
  }

  /** Handles what it can of `b`; answers the unfinished tail to keep. */
  private scan(b: string, final: boolean): string {
    let pos = 0;
    while (pos < b.length) {
      if (b.charCodeAt(pos) !== 60 /* < */) {
        const lt = b.indexOf('<', pos);
        let end = lt === -1 ? b.length : lt;
        if (lt === -1 && !final) {
          const amp = b.lastIndexOf('&', end - 1);
          if (amp >= pos && amp >= end - LONGEST_ENTITY && b.indexOf(';', amp) === -1) end = amp;
        }
        if (end > pos) this.handler.text(decodeEntities(b.slice(pos, end)));
        pos = end;
        if (lt === -1) break;
        continue;
      }
      const close = markupEnd(b, pos, final);
      if (close === -1) {
        if (b.length - pos > this.maxTagChars) throw unreadableXlsx('en XML-tagg är orimligt lång');
        if (final) throw unreadableXlsx('ofullständig XML');
        break;
      }
      if (close - pos > this.maxTagChars) throw unreadableXlsx('en XML-tagg är orimligt lång');
      this.markup(b.slice(pos, close));
      pos = close;
    }
    return b.slice(pos);
  }

  private markup(tag: string): void {
    if (tag.startsWith('<![CDATA[')) {
      this.handler.text(tag.slice(9, -3));
      return;
    }
    if (tag.startsWith('<!--') || tag.startsWith('<?')) return;
    if (tag.startsWith('<!')) throw unreadableXlsx('XML med DTD stöds inte');
    if (tag.startsWith('</')) {
      this.handler.close(localName(tag.slice(2, -1).trim()));
      return;
    }
    const selfClosing = tag.endsWith('/>');
    const body = tag.slice(1, selfClosing ? -2 : -1);
    const nameEnd = body.search(/[\s/]/);
    const name = localName(nameEnd === -1 ? body : body.slice(0, nameEnd));
    const attributes: XmlAttributes = {};
    if (nameEnd !== -1) {
      for (const m of body.slice(nameEnd).matchAll(ATTRIBUTE)) {
        attributes[m[1]] = decodeEntities(m[2] ?? m[3] ?? '');
      }
    }
    this.handler.open(name, attributes);
    if (selfClosing) this.handler.close(name);
  }
}

/** Where the markup starting at `pos` ends (index after it), or -1 if it has not all arrived yet. */
function markupEnd(b: string, pos: number, final: boolean): number {
  if (b.charCodeAt(pos + 1) === 33 /* ! */) {
    if (b.length - pos < 9 && !final) return -1;
    if (b.startsWith('<!--', pos)) return after(b, '-->', pos + 4);
    if (b.startsWith('<![CDATA[', pos)) return after(b, ']]>', pos + 9);
    return after(b, '>', pos + 2);
  }
  if (b.charCodeAt(pos + 1) === 63 /* ? */) return after(b, '?>', pos + 2);
  let quote = 0;
  for (let i = pos + 1; i < b.length; i++) {
    const c = b.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      quote = c;
    } else if (c === 62 /* > */) {
      return i + 1;
    }
  }
  return -1;
}

function after(b: string, needle: string, from: number): number {
  const at = b.indexOf(needle, from);
  return at === -1 ? -1 : at + needle.length;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

export function decodeEntities(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(
    ENTITY,
    (_m, dec: string | undefined, hex: string | undefined, named: string | undefined) => {
      if (named) return NAMED_ENTITIES[named];
      const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
      return code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    },
  );
}

/** An attribute by its local name: `r:id` is found as "id" (the prefix varies between programs). */
export function attribute(attributes: XmlAttributes, local: string): string | undefined {
  if (local in attributes) return attributes[local];
  for (const [name, value] of Object.entries(attributes)) {
    if (name.endsWith(`:${local}`)) return value;
  }
  return undefined;
}
