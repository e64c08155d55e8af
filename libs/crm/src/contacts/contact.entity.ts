import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { Region } from '../regions/region.entity';
import type { ContactLanguage, ContactRole } from './contact-vocabulary';

@Entity('contacts')
export class Contact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'first_name', type: 'text', default: '' })
  firstName: string;

  @Column({ name: 'last_name', type: 'text', default: '' })
  lastName: string;

  /** normaliseEmail(); unique where present. Null only for contacts without an address. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** E.164, e.g. +46704264531. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  @ManyToOne(() => Organization, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization | null;

  @Column({ name: 'region_id', type: 'smallint', nullable: true })
  regionId: number | null;

  @ManyToOne(() => Region, { nullable: true })
  @JoinColumn({ name: 'region_id' })
  region?: Region | null;

  @Column({ type: 'text', array: true, default: '{}' })
  roles: ContactRole[];

  @Column({ type: 'boolean', default: false })
  elected: boolean;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'text', default: 'sv' })
  language: ContactLanguage;

  @Column({ type: 'text', array: true, default: '{}' })
  tags: string[];

  @Column({ name: 'custom_fields', type: 'jsonb', default: () => `'{}'::jsonb` })
  customFields: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** GDPR art. 6 basis, e.g. "berättigat intresse", "samtycke". */
  @Column({ name: 'legal_basis', type: 'text', nullable: true })
  legalBasis: string | null;

  /** Where the record came from, e.g. "import:medlemmar-2026.csv", "manuell". */
  @Column({ type: 'text', nullable: true })
  source: string | null;

  /** foldForSearch(first last email organisation): what search matches against, trigram-indexed. */
  @Column({ name: 'search_text', type: 'text', default: '', select: false })
  searchText: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
