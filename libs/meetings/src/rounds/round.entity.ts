import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An outreach round ("Regional närvaro 2016–2017"): its host requests, meetings and reports. */
@Entity('rounds')
export class Round {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** yyyy-mm-dd: host answers are awaited to the end of this day (Stockholm); silence after it is "no answer". */
  @Column({ name: 'response_deadline', type: 'date', nullable: true })
  responseDeadline: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
