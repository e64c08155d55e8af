import type { Schemas } from '../../api/client';

export type AttendanceRow = Schemas['AttendanceRowDto'];
export type CheckInAnswer = Schemas['CheckInAnswerDto'];
export type CheckInBody = Schemas['CheckInDto'];
export type WalkInBody = Schemas['WalkInDto'];

/** What the door phone keeps of a meeting: its title and time, the expected list, and when they were fetched. */
export interface MeetingSnapshot {
  meeting: { id: string; title: string; startsAt: string; timeText: string; place: string } | null;
  items: AttendanceRow[];
  fetchedAt: string;
}

/** The person an operation is about, for the screen (a new walk-in has no contact yet). */
export interface OpPerson {
  firstName: string;
  lastName: string;
  email: string | null;
  organizationName: string | null;
}

interface OpBase {
  clientId: string;
  meetingId: string;
  /** Order of the taps on this phone: operations are sent in it (a later tap on the same person wins). */
  seq: number;
  createdAt: string;
  person: OpPerson;
}
export type CheckInOp = OpBase & { kind: 'check_in'; body: CheckInBody };
export type WalkInOp = OpBase & { kind: 'walk_in'; body: WalkInBody };
export type QueuedOp = CheckInOp | WalkInOp;

/** An operation the API refused for good (the person is not on the list, the meeting is cancelled …). */
export interface RejectedOp {
  op: QueuedOp;
  status: number;
  message: string;
  at: string;
}

/**
 * The phone's memory of the evening, in localStorage (not IndexedDB), and why that is enough:
 *
 * - localStorage writes are synchronous: a tap is on the phone before the handler returns, before any request.
 * - every queued operation is its own key, so nothing is read, changed and written back: two tabs cannot lose
 *   each other's taps, and a crash mid-write loses at most the tap being written.
 * - the size: a list of 500 people is about 250 kB, far below the 5 MB an origin gets.
 * - it is there in jsdom, so the component tests use the very code the phone runs.
 *
 * Keys: crm.checkIn.v1.list.<meetingId>, …op.<meetingId>.<clientId>, …rejected.<meetingId>.<clientId>.
 */
export interface CheckInStore {
  loadSnapshot(meetingId: string): MeetingSnapshot | null;
  saveSnapshot(meetingId: string, snapshot: MeetingSnapshot): boolean;
  pending(meetingId: string): QueuedOp[];
  /** False when the phone refused to store it (full, or private browsing without storage). */
  add(op: QueuedOp): boolean;
  remove(meetingId: string, clientId: string): void;
  rejected(meetingId: string): RejectedOp[];
  addRejected(meetingId: string, rejected: RejectedOp): void;
  removeRejected(meetingId: string, clientId: string): void;
  /** Meetings with a list kept on this phone, for the meeting list when offline. */
  storedMeetings(): MeetingSnapshot[];
}

const PREFIX = 'crm.checkIn.v1.';

function read<T>(storage: Storage, key: string): T | null {
  try {
    const text = storage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function write(storage: Storage, key: string, value: unknown): boolean {
  try {
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

function keysWith(storage: Storage, prefix: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

export function localCheckInStore(storage: Storage = window.localStorage): CheckInStore {
  return {
    loadSnapshot: (meetingId) => read<MeetingSnapshot>(storage, `${PREFIX}list.${meetingId}`),
    saveSnapshot: (meetingId, snapshot) => write(storage, `${PREFIX}list.${meetingId}`, snapshot),
    pending: (meetingId) =>
      keysWith(storage, `${PREFIX}op.${meetingId}.`)
        .map((key) => read<QueuedOp>(storage, key))
        .filter((op): op is QueuedOp => op !== null)
        .sort((a, b) => a.seq - b.seq),
    add: (op) => write(storage, `${PREFIX}op.${op.meetingId}.${op.clientId}`, op),
    remove: (meetingId, clientId) => storage.removeItem(`${PREFIX}op.${meetingId}.${clientId}`),
    rejected: (meetingId) =>
      keysWith(storage, `${PREFIX}rejected.${meetingId}.`)
        .map((key) => read<RejectedOp>(storage, key))
        .filter((r): r is RejectedOp => r !== null)
        .sort((a, b) => a.op.seq - b.op.seq),
    addRejected: (meetingId, rejected) =>
      void write(storage, `${PREFIX}rejected.${meetingId}.${rejected.op.clientId}`, rejected),
    removeRejected: (meetingId, clientId) => storage.removeItem(`${PREFIX}rejected.${meetingId}.${clientId}`),
    storedMeetings: () =>
      keysWith(storage, `${PREFIX}list.`)
        .map((key) => read<MeetingSnapshot>(storage, key))
        .filter((s): s is MeetingSnapshot => s !== null && s.meeting !== null),
  };
}
