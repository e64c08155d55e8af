import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrganizationKind } from '../organizations/organization.entity';
import type { ImportField } from './import-columns';

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * A row the import skipped, or a value it dropped: where (line and field) and why, never the value itself, so
 * that no personal data stays behind here after a person is erased. Removed after IMPORT_ERROR_RETENTION_DAYS.
 */
export interface ImportRowError {
  line: number;
  reason: string;
  /** The field the problem is in, when it is one field (absent in errors stored before fields were recorded). */
  field?: ImportField;
  /** "skipped": the row was not imported; "warning": imported, but a value was dropped (e.g. a bad phone). */
  kind?: 'skipped' | 'warning';
}

@Entity('imports')
export class ContactImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  status: ImportStatus;

  @Column({ type: 'text' })
  filename: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  /** Optional explicit column mapping: file header → contact field. */
  @Column({ type: 'jsonb', nullable: true })
  mapping: Record<string, string> | null;

  /** Kind given to organisations this import creates. */
  @Column({ name: 'organization_kind', type: 'text', default: 'member' })
  organizationKind: OrganizationKind;

  @Column({ type: 'integer', default: 0 })
  total: number;

  @Column({ type: 'integer', default: 0 })
  processed: number;

  @Column({ type: 'integer', default: 0 })
  created: number;

  @Column({ type: 'integer', default: 0 })
  updated: number;

  @Column({ type: 'integer', default: 0 })
  skipped: number;

  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` })
  errors: ImportRowError[];

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
