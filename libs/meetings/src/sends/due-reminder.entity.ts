import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** no_answer: to those who have not answered; attending: to those who said yes, before the meeting. */
export const REMINDER_KINDS = ['no_answer', 'attending'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * A reminder waiting for its time, written when its send starts. The maintenance job starts it when due and
 * sets `mailingId` in the same transaction: it survives restarts and is never sent twice.
 */
@Entity('due_reminders')
export class DueReminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'send_id', type: 'uuid' })
  sendId: string;

  @Column({ type: 'text' })
  kind: ReminderKind;

  @Column({ type: 'smallint' })
  sequence: number;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'mailing_id', type: 'uuid', nullable: true })
  mailingId: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'skipped_reason', type: 'text', nullable: true })
  skippedReason: string | null;
}
