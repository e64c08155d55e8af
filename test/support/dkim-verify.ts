import { createHash, createVerify, KeyObject } from 'node:crypto';

/**
 * Verifies a message's DKIM-Signature (RFC 6376, rsa-sha256, relaxed/relaxed as nodemailer signs) against a
 * public key, independently of the signer: the body hash, then the signature over the signed header fields.
 * Answers why not, or null when the signature holds.
 */
export function dkimProblem(raw: Buffer, publicKey: KeyObject): string | null {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const headerBlock = text.slice(0, split + 2);
  const body = text.slice(split + 4);
  // Header fields, unfolded later: each starts at a line that does not begin with whitespace.
  const fields = headerBlock.split(/\r\n(?=[^ \t])/).filter((f) => f.length > 0);
  const signatureField = fields.find((f) => /^dkim-signature:/i.test(f));
  if (!signatureField) return 'ingen DKIM-Signature';
  const tags = new Map(
    signatureField
      .slice(signatureField.indexOf(':') + 1)
      .replace(/\s+/g, '')
      .split(';')
      .filter(Boolean)
      .map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)] as [string, string]),
  );
  if (tags.get('a') !== 'rsa-sha256') return `algoritmen ${tags.get('a')}`;
  if (tags.get('c') !== 'relaxed/relaxed') return `kanoniseringen ${tags.get('c')}`;

  const relaxedBody =
    body
      .split('\r\n')
      .map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''))
      .join('\r\n')
      .replace(/(\r\n)*$/, '') + '\r\n';
  const bodyHash = createHash('sha256').update(relaxedBody, 'latin1').digest('base64');
  if (bodyHash !== tags.get('bh')) return 'kroppens hash stämmer inte';

  const relaxedHeader = (field: string) => {
    const colon = field.indexOf(':');
    const value = field
      .slice(colon + 1)
      .replace(/\r\n/g, '')
      .replace(/[ \t]+/g, ' ')
      .trim();
    return `${field.slice(0, colon).trim().toLowerCase()}:${value}`;
  };
  // Each name in h= takes the last not yet used field of that name (RFC 6376 5.4.2); missing ones sign nothing.
  const used = new Set<number>();
  const signed: string[] = [];
  for (const name of (tags.get('h') ?? '').split(':')) {
    for (let i = fields.length - 1; i >= 0; i--) {
      if (
        used.has(i) ||
        fields[i].slice(0, fields[i].indexOf(':')).trim().toLowerCase() !== name.toLowerCase()
      )
        continue;
      used.add(i);
      signed.push(`${relaxedHeader(fields[i])}\r\n`);
      break;
    }
  }
  signed.push(relaxedHeader(signatureField).replace(/(;\s*b=)[^;]*/, '$1'));
  const ok = createVerify('RSA-SHA256')
    .update(signed.join(''), 'latin1')
    .verify(publicKey, tags.get('b') ?? '', 'base64');
  return ok ? null : 'signaturen stämmer inte';
}
