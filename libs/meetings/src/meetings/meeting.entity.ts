import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const MEETING_STATUSES = ['planned', 'invited', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  planned: 'Planerat',
  invited: 'Inbjudan skickad',
  held: 'Genomfört',
  cancelled: 'Inställt',
};

/** A dialogue meeting in a region: stored in UTC, entered and shown in Europe/Stockholm. */
@Entity('meetings')
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @Column({ name: 'region_id', type: 'smallint' })
  regionId: number;

  @Column({ name: 'host_organization_id', type: 'uuid', nullable: true })
  hostOrganizationId: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'text', nullable: true })
  venue: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'text', nullable: true })
  city: string | null;

  /** Places for "yes"; beyond it a "yes" is waitlisted. Null: no limit. */
  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  /** Answers can be given and changed until this moment. */
  @Column({ name: 'rsvp_deadline', type: 'timestamptz', nullable: true })
  rsvpDeadline: Date | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  agenda: string | null;

  @Column({ type: 'text', default: 'planned' })
  status: MeetingStatus;

  /** The calendar event's SEQUENCE, raised whenever time or place changes. */
  @Column({ name: 'calendar_sequence', type: 'integer', default: 0 })
  calendarSequence: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const REPRESENTATIVE_PARTS = ['elected', 'civil_servant'] as const;
export type RepresentativePart = (typeof REPRESENTATIVE_PARTS)[number];

export const REPRESENTATIVE_PART_LABELS: Record<RepresentativePart, string> = {
  elected: 'Förtroendevald',
  civil_servant: 'Tjänsteperson',
};

/** A regional representative at a meeting: a politician or a civil servant. */
@Entity('meeting_representatives')
export class MeetingRepresentative {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @PrimaryColumn({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @Column({ type: 'text' })
  part: RepresentativePart;
}
