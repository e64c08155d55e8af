import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Immutable: editing a template writes a new version; a started campaign keeps the one it pinned. */
@Entity('template_versions')
export class TemplateVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'template_id', type: 'uuid' })
  templateId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'subject_sv', type: 'text' })
  subjectSv: string;

  @Column({ name: 'mjml_sv', type: 'text' })
  mjmlSv: string;

  @Column({ name: 'subject_en', type: 'text', nullable: true })
  subjectEn: string | null;

  @Column({ name: 'mjml_en', type: 'text', nullable: true })
  mjmlEn: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
