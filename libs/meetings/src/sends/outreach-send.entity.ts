import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const OUTREACH_KINDS = ['host_request', 'invitation'] as const;
export type OutreachKind = (typeof OUTREACH_KINDS)[number];

export const OUTREACH_STATUSES = ['draft', 'sending', 'sent', 'paused', 'cancelled'] as const;
export type OutreachStatus = (typeof OUTREACH_STATUSES)[number];

/** Who a host request goes to: contacts of region organisations with one of these roles. */
export interface HostRequestAudience {
  roles: string[];
  /** Only these regions (all 21 when absent). */
  regionIds?: number[];
}

/** Who an invitation goes to: as a campaign's audience (CRM lists, segments, filters, picked contacts). */
export interface InvitationAudience {
  listIds?: string[];
  segmentIds?: string[];
  contactIds?: string[];
  organizationKinds?: string[];
}

/**
 * A host request (to a round's regions) or an invitation (to a meeting), with its reminder policy. Its
 * messages are mailings of the sending engine: the first one (`mailingId`), then one per due reminder.
 */
@Entity('outreach_sends')
export class OutreachSend {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: OutreachKind;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'template_id', type: 'uuid' })
  templateId: string;

  @Column({ name: 'reminder_template_id', type: 'uuid', nullable: true })
  reminderTemplateId: string | null;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ name: 'from_name', type: 'text' })
  fromName: string;

  @Column({ name: 'from_address', type: 'text' })
  fromAddress: string;

  @Column({ name: 'reply_to', type: 'text', nullable: true })
  replyTo: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  audience: HostRequestAudience | InvitationAudience;

  /** Remind those who have not answered this many days after the send … */
  @Column({ name: 'remind_after_days', type: 'integer', nullable: true })
  remindAfterDays: number | null;

  /** … at most this many times. */
  @Column({ name: 'max_reminders', type: 'integer', default: 0 })
  maxReminders: number;

  /** Remind those who said yes this many days before the meeting (invitations only). */
  @Column({ name: 'remind_attending_days_before', type: 'integer', nullable: true })
  remindAttendingDaysBefore: number | null;

  @Column({ type: 'text', default: 'draft' })
  status: OutreachStatus;

  @Column({ name: 'mailing_id', type: 'uuid', nullable: true })
  mailingId: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
