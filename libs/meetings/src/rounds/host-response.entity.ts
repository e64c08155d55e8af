import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HostAnswer } from './hosting-status';

/** A contact's answer to a round's host request (changed by answering again). */
@Entity('host_responses')
export class HostResponse {
  @PrimaryColumn({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @PrimaryColumn({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @Column({ name: 'region_id', type: 'smallint' })
  regionId: number;

  @Column({ type: 'text' })
  answer: HostAnswer;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'suggested_dates', type: 'text', nullable: true })
  suggestedDates: string | null;

  @Column({ name: 'contact_person', type: 'text', nullable: true })
  contactPerson: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz' })
  answeredAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
