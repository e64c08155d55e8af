import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const SUPPRESSION_REASONS = ['unsubscribed', 'bounced', 'complained', 'manual', 'erased'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Addresses that must not be mailed. Only a SHA-256 of the normalised email is kept, so erasure can keep it. */
@Entity('suppressions')
export class Suppression {
  @PrimaryColumn({ name: 'email_hash', type: 'text' })
  emailHash: string;

  @Column({ type: 'text' })
  reason: SuppressionReason;

  @Column({ type: 'text', nullable: true })
  source: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
