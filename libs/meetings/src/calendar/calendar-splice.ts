/**
 * Per-recipient lines added to a calendar file made once per meeting: the ATTENDEE and the URL (the person's
 * own answer page). Lines are folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character.
 */
export function foldIcsLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** A display name as a quoted parameter value: no quotes or control characters (RFC 5545 3.1, param-value). */
function quotedParam(value: string): string {
  return `"${value.replace(/["\u0000-\u001f\u007f]/g, '').trim()}"`;
}

/** The calendar text with the recipient's ATTENDEE and URL lines added to its event. */
export function withRecipient(
  calendar: string,
  recipient: { attendee?: { name: string; email: string }; url?: string },
): string {
  const lines: string[] = [];
  if (recipient.attendee) {
    const cn = recipient.attendee.name.trim() ? `;CN=${quotedParam(recipient.attendee.name)}` : '';
    lines.push(
      foldIcsLine(`ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE${cn}:MAILTO:${recipient.attendee.email}`),
    );
  }
  if (recipient.url) lines.push(foldIcsLine(`URL;VALUE=URI:${recipient.url}`));
  if (lines.length === 0) return calendar;
  const at = calendar.lastIndexOf('END:VEVENT');
  return `${calendar.slice(0, at)}${lines.join('\r\n')}\r\n${calendar.slice(at)}`;
}
