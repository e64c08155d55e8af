import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { HostingCause, HostingStatus } from './hosting-status';

/** A region's hosting status in a round (all 21 regions get a row when the round is created). */
@Entity('round_regions')
export class RoundRegion {
  @PrimaryColumn({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @PrimaryColumn({ name: 'region_id', type: 'smallint' })
  regionId: number;

  @Column({ type: 'text', default: 'not_asked' })
  status: HostingStatus;

  /** The contact the host request went to, or who answered. */
  @Column({ name: 'asked_contact_id', type: 'uuid', nullable: true })
  askedContactId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'last_activity_at', type: 'timestamptz', nullable: true })
  lastActivityAt: Date | null;
}

/** One change of a region's status: the history staff see, never changed afterwards. */
@Entity('round_region_events')
export class RoundRegionEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @Column({ name: 'region_id', type: 'smallint' })
  regionId: number;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: HostingStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: HostingStatus;

  @Column({ type: 'text' })
  cause: HostingCause;

  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;
}
