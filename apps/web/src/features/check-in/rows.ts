import type { AttendanceRow, CheckInAnswer, MeetingSnapshot, QueuedOp } from './storage';

/** One person on the door's list as the phone sees it: the server's row with this phone's taps on top. */
export interface CheckInRow {
  /** The contact's id; `local:<clientId>` for a walk-in the API has not yet created. */
  key: string;
  contactId: string | null;
  firstName: string;
  lastName: string;
  email: string | null;
  organizationName: string | null;
  answer: AttendanceRow['answer'];
  attendance: AttendanceRow['attendance'];
  walkIn: boolean;
  /** A tap on this phone the API has not yet answered. */
  pending: boolean;
}

/** An answer received after the list was fetched: shown until a list fetched after it says the same. */
export interface Confirmed {
  op: QueuedOp;
  answer: CheckInAnswer;
  at: number;
}

function fromServer(row: AttendanceRow): CheckInRow {
  return {
    key: row.contactId,
    contactId: row.contactId,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    organizationName: row.organizationName,
    answer: row.answer,
    attendance: row.attendance,
    walkIn: row.walkIn,
    pending: false,
  };
}

/** The list row an answer makes (a walk-in new to the list gets one from what was typed). */
export function applyAnswer(items: AttendanceRow[], op: QueuedOp, answer: CheckInAnswer): AttendanceRow[] {
  const index = items.findIndex((r) => r.contactId === answer.contactId);
  const patch = {
    answer: answer.answer,
    attendance: answer.attendance,
    state: answer.state,
    walkIn: answer.walkIn,
    invited: answer.invited,
  };
  if (index >= 0) return items.map((r, i) => (i === index ? { ...r, ...patch } : r));
  return [
    ...items,
    {
      contactId: answer.contactId,
      firstName: op.person.firstName,
      lastName: op.person.lastName,
      email: op.person.email,
      organizationId: answer.organizationId,
      organizationName: op.person.organizationName,
      organizationKind: null,
      diet: null,
      accessibility: null,
      comment: null,
      companions: [],
      answeredAt: null,
      ...patch,
    },
  ];
}

const collator = new Intl.Collator('sv', { sensitivity: 'base' });

/**
 * The list on the screen: the snapshot, the answers that came after it was fetched, then the taps still
 * waiting, in the order they were made (the last tap on a person wins; a walk-in appears at once).
 */
export function buildRows(
  snapshot: MeetingSnapshot | undefined,
  confirmed: Confirmed[],
  pending: QueuedOp[],
): CheckInRow[] {
  let items = snapshot?.items ?? [];
  const fetchedAt = snapshot ? Date.parse(snapshot.fetchedAt) : 0;
  for (const c of confirmed) if (c.at >= fetchedAt) items = applyAnswer(items, c.op, c.answer);
  const rows = new Map<string, CheckInRow>(items.map((r) => [r.contactId, fromServer(r)]));
  for (const op of pending) {
    const contactId = op.body.contactId;
    const existing = contactId ? rows.get(contactId) : undefined;
    if (op.kind === 'check_in') {
      if (existing) rows.set(existing.key, { ...existing, attendance: op.body.attendance, pending: true });
      continue;
    }
    if (existing) {
      rows.set(existing.key, { ...existing, attendance: 'attended', pending: true });
      continue;
    }
    const key = contactId ?? `local:${op.clientId}`;
    rows.set(key, {
      key,
      contactId: contactId ?? null,
      ...op.person,
      answer: null,
      attendance: 'attended',
      walkIn: true,
      pending: true,
    });
  }
  return [...rows.values()].sort(
    (a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName),
  );
}
