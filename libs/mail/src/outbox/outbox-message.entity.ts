import type { MessagePurpose } from '../templates/template-variables';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface StoredAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

/** A fully rendered message the outbox transport kept instead of sending. */
@Entity('outbox_messages')
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** The mailing (for a campaign: the campaign's own id) and its ledger row; null for a test send. */
  @Column({ name: 'mailing_id', type: 'uuid', nullable: true })
  mailingId: string | null;

  @Column({ name: 'recipient_id', type: 'bigint', nullable: true })
  recipientId: string | null;

  @Column({ type: 'text', nullable: true })
  purpose: MessagePurpose | null;

  /** The contact the message was made for: erasure scrubs every copy by it. */
  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ name: 'message_id', type: 'text' })
  messageId: string;

  @Column({ name: 'from_address', type: 'text' })
  fromAddress: string;

  @Column({ name: 'to_address', type: 'text' })
  toAddress: string;

  @Column({ name: 'reply_to', type: 'text', nullable: true })
  replyTo: string | null;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  html: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  headers: Record<string, string>;

  /** Attachments as sent: name, type and the content base64-encoded. */
  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` })
  attachments: StoredAttachment[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
