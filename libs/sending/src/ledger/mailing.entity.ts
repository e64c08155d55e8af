import type { MessagePurpose } from '@app/mail';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * sending → paused → sending … → finished (nothing left to send) or cancelled. Only `sending` lets a worker
 * claim its rows.
 */
export const MAILING_STATUSES = ['sending', 'paused', 'finished', 'cancelled'] as const;
export type MailingStatus = (typeof MAILING_STATUSES)[number];

/** What a mailing belongs to: its feature's kind of thing and its id (a campaign, a meeting, a survey …). */
export interface MailingScope {
  type: string;
  id: string;
}

/**
 * One sending of one purpose to its recipients: the template version, sender and pace every row of its ledger
 * is sent with. A campaign is one mailing (with the campaign's own id); a meeting has several (invitation,
 * reminders, confirmations); a one-off message is a mailing of one.
 */
@Entity('mailings')
export class Mailing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  purpose: MessagePurpose;

  @Column({ name: 'scope_type', type: 'text' })
  scopeType: string;

  @Column({ name: 'scope_id', type: 'uuid' })
  scopeId: string;

  /** What staff call it ("Inbjudan Gotland"); shown in the GDPR export and lists. */
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: 'sending' })
  status: MailingStatus;

  @Column({ name: 'template_version_id', type: 'uuid' })
  templateVersionId: string;

  /** Overrides the template's subject when set. */
  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ name: 'from_name', type: 'text' })
  fromName: string;

  @Column({ name: 'from_address', type: 'text' })
  fromAddress: string;

  @Column({ name: 'reply_to', type: 'text', nullable: true })
  replyTo: string | null;

  @Column({ name: 'rate_limit_per_minute', type: 'integer', nullable: true })
  rateLimitPerMinute: number | null;

  @Column({ name: 'pause_reason', type: 'text', nullable: true })
  pauseReason: string | null;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
