import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const NOTICE_KINDS = ['change', 'cancellation', 'waitlisted'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  change: 'Ändring av tid eller plats',
  cancellation: 'Inställt möte',
  waitlisted: 'Väntelista',
};

/** One notice mailing about a meeting: its kind (which calendar file goes with it) and text, kept as history. */
@Entity('meeting_notices')
export class MeetingNotice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @Column({ type: 'text' })
  kind: NoticeKind;

  /** Staff's own words; null means the standard sentence in the recipient's language. */
  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ name: 'mailing_id', type: 'uuid' })
  mailingId: string;

  @Column({ name: 'calendar_sequence', type: 'integer' })
  calendarSequence: number;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;
}
