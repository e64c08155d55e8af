import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** What an invitee answered (cancelled: said yes or was waitlisted, then withdrew). */
export const RSVP_ANSWERS = ['yes', 'no', 'maybe', 'waitlisted', 'cancelled'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

/** The three answers a person gives on the page (waitlisted and cancelled follow from them). */
export const RSVP_CHOICES = ['yes', 'no', 'maybe'] as const;
export type RsvpChoice = (typeof RSVP_CHOICES)[number];

export const ATTENDANCES = ['attended', 'no_show'] as const;
export type Attendance = (typeof ATTENDANCES)[number];

/** The one word staff see: attendance if recorded, else the answer, else invited (= no answer). */
export const RESPONSE_STATES = [
  'invited',
  'yes',
  'no',
  'maybe',
  'waitlisted',
  'attended',
  'no_show',
  'cancelled',
] as const;
export type ResponseState = (typeof RESPONSE_STATES)[number];

export const RESPONSE_STATE_LABELS: Record<ResponseState, string> = {
  invited: 'Inbjuden (inget svar)',
  yes: 'Kommer',
  no: 'Kommer inte',
  maybe: 'Kanske',
  waitlisted: 'Väntelista',
  attended: 'Närvarade',
  no_show: 'Uteblev',
  cancelled: 'Avanmäld',
};

export const RESPONSE_CAUSES = ['invited', 'link', 'staff', 'waitlist', 'check_in', 'walk_in'] as const;
export type ResponseCause = (typeof RESPONSE_CAUSES)[number];

/** One invitee of one meeting (or a walk-in): the answer and the attendance, kept apart. */
@Entity('meeting_responses')
export class MeetingResponse {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @PrimaryColumn({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @Column({ type: 'text', nullable: true })
  answer: RsvpAnswer | null;

  @Column({ type: 'text', nullable: true })
  attendance: Attendance | null;

  /** Generated in PostgreSQL: coalesce(attendance, answer, 'invited'). */
  @Column({ type: 'text', insert: false, update: false })
  state: ResponseState;

  @Column({ type: 'text', nullable: true })
  diet: string | null;

  @Column({ type: 'text', nullable: true })
  accessibility: string | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** Names of colleagues coming along. */
  @Column({ type: 'text', array: true, default: '{}' })
  companions: string[];

  /** False for a walk-in who was never invited. */
  @Column({ type: 'boolean', default: true })
  invited: boolean;

  @Column({ name: 'walk_in', type: 'boolean', default: false })
  walkIn: boolean;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'waitlisted_at', type: 'timestamptz', nullable: true })
  waitlistedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One change of a response: the history on the contact timeline, never changed afterwards. */
@Entity('meeting_response_events')
export class MeetingResponseEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @Column({ name: 'from_state', type: 'text', nullable: true })
  fromState: ResponseState | null;

  @Column({ name: 'to_state', type: 'text' })
  toState: ResponseState;

  @Column({ type: 'text' })
  cause: ResponseCause;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;
}
