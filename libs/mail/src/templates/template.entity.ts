import type { MessagePurpose } from './template-variables';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('templates')
export class Template {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** What the template is for; fixed when it is created (its versions are validated against it). */
  @Column({ type: 'text', default: 'newsletter' })
  purpose: MessagePurpose;

  /** Set for the templates that ship with the system (BUILT_IN_TEMPLATES key). */
  @Column({ name: 'built_in_key', type: 'text', nullable: true, unique: true })
  builtInKey: string | null;

  @Column({ name: 'current_version_id', type: 'uuid', nullable: true })
  currentVersionId: string | null;

  @Column({ type: 'boolean', default: false })
  archived: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
