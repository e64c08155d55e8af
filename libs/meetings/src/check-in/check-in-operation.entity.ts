import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A check-in or walk-in under the id its client made: sent again, it is answered from here, done once. */
@Entity('check_in_operations')
export class CheckInOperation {
  @PrimaryColumn({ name: 'client_id', type: 'uuid' })
  clientId: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @Column({ type: 'text' })
  kind: 'check_in' | 'walk_in';

  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'jsonb' })
  result: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;
}
