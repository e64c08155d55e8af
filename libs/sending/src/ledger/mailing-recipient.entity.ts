import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A ledger row's state. Every change of state is one statement in LedgerRepository, the only code that
 * writes this table:
 *
 *   pending ─claim→ sending ─sent→ sent
 *                          ├─4xx / no connection→ failed_temporary ─claim (at next_attempt_at)→ sending …
 *                          ├─5xx or out of attempts→ failed_permanent
 *                          ├─address suppressed now / contact gone→ suppressed
 *                          ├─the feature says it no longer applies (RenderSource.withdrawal)→ withdrawn
 *                          ├─template cannot render→ pending (nothing was sent; the mailing pauses)
 *                          └─connection lost after DATA, or claim too old→ uncertain
 *   uncertain ─staff: marked sent→ sent · ─staff: resend→ pending (once per decision)
 */
export const RECIPIENT_STATUSES = [
  'pending',
  'sending',
  'sent',
  'failed_temporary',
  'failed_permanent',
  'suppressed',
  'uncertain',
  /** Not sent: when its turn came the feature said it no longer applied (the person had answered). Final. */
  'withdrawn',
] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const UNCERTAIN_RESOLUTIONS = ['marked_sent', 'marked_failed', 'resent'] as const;
export type UncertainResolution = (typeof UNCERTAIN_RESOLUTIONS)[number];

export const RECIPIENT_BOUNCES = ['hard', 'soft', 'complaint'] as const;
export type RecipientBounce = (typeof RECIPIENT_BOUNCES)[number];

/** One row per (mailing, contact): the record of who got what, and the unit a worker claims. */
@Entity('mailing_recipients')
export class MailingRecipient {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'mailing_id', type: 'uuid' })
  mailingId: string;

  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  /** The address at snapshot time. */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', default: 'pending' })
  status: RecipientStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'smtp_response', type: 'text', nullable: true })
  smtpResponse: string | null;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId: string | null;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  /** The worker process (host:pid) that claimed the row last. */
  @Column({ name: 'claimed_by', type: 'text', nullable: true })
  claimedBy: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** How staff settled the row when it was uncertain. */
  @Column({ type: 'text', nullable: true })
  resolution: UncertainResolution | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy: string | null;

  /** What came back for the sent message: a bounce (hard or soft) or a complaint (inbound mail). */
  @Column({ type: 'text', nullable: true })
  bounce: RecipientBounce | null;

  /** The bounce's status (5.1.1, 4.2.2 …). */
  @Column({ name: 'bounce_status', type: 'text', nullable: true })
  bounceStatus: string | null;

  @Column({ name: 'bounced_at', type: 'timestamptz', nullable: true })
  bouncedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
