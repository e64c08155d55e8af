import { foldForSearch } from '@app/common';
import type { EntityManager } from 'typeorm';
import { contactSearchText } from '../contacts/contact-filter';
import type { ContactLanguage, ContactRole } from '../contacts/contact-vocabulary';
import type { OrganizationKind } from '../organizations/organization.entity';
import { emailHash } from '../suppressions/email-hash';
import type { ImportedContact } from './import-row';

export const ERASED_REASON = 'Personen har raderats enligt GDPR och importeras inte igen';

export interface BatchOutcome {
  created: number;
  updated: number;
  /** Rows not written, with why. */
  skipped: { line: number; reason: string }[];
  /** Rows written, but with a value that did not take (a kind contradicting an earlier row's). */
  warnings: { line: number; reason: string; field: 'organizationKind' }[];
  /** Existing organisations whose kind a row changed (for the audit log). */
  kindChanges: OrganizationKindChange[];
}

export interface OrganizationKindChange {
  organizationId: string;
  from: OrganizationKind;
  to: OrganizationKind;
  /** The row that stated the new kind. */
  line: number;
}

export interface ImportWriterOptions {
  /** The file's kind: given to organisations created from rows that state none. */
  organizationKind: OrganizationKind;
  source: string;
  /** The region an organisation of kind region stands for, from its name (createRegionOfName). */
  regionOfName: (organizationName: string) => { id: number } | null;
}

interface KnownOrganization {
  id: string;
  name: string;
  kind: OrganizationKind;
  regionId: number | null;
}

/** What one batch's rows say about one organisation. */
interface OrganizationMention {
  name: string;
  /** The kind stated by the first row in the file that states one, if that row is in this batch. */
  stated?: { kind: OrganizationKind; line: number };
  /** The region column of the first of its rows that has one. */
  regionId?: number;
}

interface ExistingContact {
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  organization_id: string | null;
  organization_name: string | null;
  region_id: number | null;
  roles: ContactRole[];
  elected: boolean;
  title: string | null;
  language: ContactLanguage;
  tags: string[];
  notes: string | null;
}

interface UpsertRecord {
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  organization_id: string | null;
  region_id: number | null;
  roles: string[];
  elected: boolean;
  title: string | null;
  language: string;
  tags: string[];
  notes: string | null;
  search_text: string;
}

/**
 * Writes batches of imported people inside the import's transaction: one statement per step per batch, never
 * one per row. Organisations are matched by name_key (foldForSearch of the name) and created if missing.
 */
export class ContactImportWriter {
  private readonly organizations = new Map<string, KnownOrganization>();
  /** Per organisation (name_key), the first kind a row of this file stated and its line: that one holds. */
  private readonly statedKinds = new Map<string, { kind: OrganizationKind; line: number }>();

  constructor(
    private readonly manager: EntityManager,
    private readonly options: ImportWriterOptions,
  ) {}

  async write(batch: ImportedContact[]): Promise<BatchOutcome> {
    const skipped: BatchOutcome['skipped'] = [];
    const warnings: BatchOutcome['warnings'] = [];
    const rows = await this.withoutErased(batch, skipped);
    if (rows.length === 0) return { created: 0, updated: 0, skipped, warnings, kindChanges: [] };
    const kindChanges = await this.resolveOrganizations(rows, warnings);
    const existing = await this.lockExisting(rows.map((r) => r.email));
    const records = rows.map((r) => this.merge(r, existing.get(r.email)));

    const result: { inserted: boolean }[] = await this.manager.query(
      `INSERT INTO contacts AS c (email, first_name, last_name, phone, organization_id, region_id, roles, elected,
                                  title, language, tags, notes, search_text, source)
       SELECT r.email, r.first_name, r.last_name, r.phone, r.organization_id, r.region_id, r.roles, r.elected,
              r.title, r.language, r.tags, r.notes, r.search_text, $2
         FROM jsonb_to_recordset($1::jsonb) AS r(email text, first_name text, last_name text, phone text,
              organization_id uuid, region_id smallint, roles text[], elected boolean, title text, language text,
              tags text[], notes text, search_text text)
       ON CONFLICT (email) WHERE email IS NOT NULL DO UPDATE SET
         first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, phone = EXCLUDED.phone,
         organization_id = EXCLUDED.organization_id, region_id = EXCLUDED.region_id, roles = EXCLUDED.roles,
         elected = EXCLUDED.elected, title = EXCLUDED.title, language = EXCLUDED.language, tags = EXCLUDED.tags,
         notes = EXCLUDED.notes, search_text = EXCLUDED.search_text, updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [JSON.stringify(records), this.options.source],
    );
    const created = result.filter((r) => r.inserted).length;
    return { created, updated: result.length - created, skipped, warnings, kindChanges };
  }

  /** GDPR: a person erased from the register stays out, even when an old file still lists them. */
  private async withoutErased(
    batch: ImportedContact[],
    skipped: BatchOutcome['skipped'],
  ): Promise<ImportedContact[]> {
    const hashes = batch.map((r) => emailHash(r.email));
    const found: { email_hash: string }[] = await this.manager.query(
      `SELECT email_hash FROM suppressions WHERE reason = 'erased' AND email_hash = ANY($1::text[])`,
      [hashes],
    );
    if (found.length === 0) return batch;
    const erased = new Set(found.map((f) => f.email_hash));
    return batch.filter((r, i) => {
      if (!erased.has(hashes[i])) return true;
      skipped.push({ line: r.line, reason: ERASED_REASON });
      return false;
    });
  }

  /**
   * Finds or creates the organisations the rows name, with their kinds and, for regions, their region.
   *
   * - A new organisation gets the kind its first row states, else the file's kind.
   * - An existing organisation takes a kind a row states when it differs: the row says what the organisation
   *   is, and that is how organisations an earlier mixed file made `member` get their right kind. Each change
   *   is audited (organization.kind_changed). The file's own kind never changes an existing organisation.
   * - Within one file the first row that states a kind holds; a later row stating another is warned about.
   * - An organisation of kind region that the import creates, or turns into a region, is tied to the region of
   *   its row's region column, else of its name; one already a region gets one only if it has none (a region
   *   staff set is kept).
   */
  private async resolveOrganizations(
    rows: ImportedContact[],
    warnings: BatchOutcome['warnings'],
  ): Promise<OrganizationKindChange[]> {
    const mentions = this.mentionsOf(rows, warnings);
    if (mentions.size === 0) return [];
    const created = await this.createMissing(mentions);
    const updates: { id: string; kind: OrganizationKind; region_id: number | null }[] = [];
    const changes: OrganizationKindChange[] = [];
    for (const [key, mention] of mentions) {
      const org = this.organizations.get(key);
      if (!org || created.has(key)) continue;
      const kind = mention.stated?.kind ?? org.kind;
      const kindChanged = kind !== org.kind;
      let regionId = org.regionId;
      if (kind === 'region' && (kindChanged || regionId === null)) {
        regionId = this.regionOf(mention) ?? regionId;
      }
      if (!kindChanged && regionId === org.regionId) continue;
      if (kindChanged) {
        changes.push({ organizationId: org.id, from: org.kind, to: kind, line: mention.stated!.line });
      }
      updates.push({ id: org.id, kind, region_id: regionId });
      org.kind = kind;
      org.regionId = regionId;
    }
    if (updates.length > 0) {
      await this.manager.query(
        `UPDATE organizations o SET kind = u.kind, region_id = u.region_id, updated_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, kind text, region_id smallint)
          WHERE o.id = u.id`,
        [JSON.stringify(updates)],
      );
    }
    return changes;
  }

  private mentionsOf(
    rows: ImportedContact[],
    warnings: BatchOutcome['warnings'],
  ): Map<string, OrganizationMention> {
    const mentions = new Map<string, OrganizationMention>();
    for (const r of rows) {
      if (!r.organizationName) continue;
      const key = foldForSearch(r.organizationName);
      let mention = mentions.get(key);
      if (!mention) mentions.set(key, (mention = { name: r.organizationName }));
      if (mention.regionId === undefined && r.regionId !== undefined) mention.regionId = r.regionId;
      if (!r.organizationKind) continue;
      const first = this.statedKinds.get(key);
      if (!first) {
        mention.stated = { kind: r.organizationKind, line: r.line };
        this.statedKinds.set(key, mention.stated);
      } else if (first.kind !== r.organizationKind) {
        warnings.push({
          line: r.line,
          reason: `Organisationstypen skiljer sig från rad ${first.line} för samma organisation; typen på rad ${first.line} gäller`,
          field: 'organizationKind',
        });
      }
    }
    return mentions;
  }

  /** Inserts the organisations not seen before (a concurrent insert wins quietly); answers the keys it made. */
  private async createMissing(mentions: Map<string, OrganizationMention>): Promise<Set<string>> {
    const missing = [...mentions].filter(([key]) => !this.organizations.has(key));
    if (missing.length === 0) return new Set();
    const records = missing.map(([key, m]) => {
      const kind = m.stated?.kind ?? this.options.organizationKind;
      return { name: m.name, name_key: key, kind, region_id: kind === 'region' ? this.regionOf(m) : null };
    });
    const inserted: { name_key: string }[] = await this.manager.query(
      `INSERT INTO organizations (kind, name, name_key, region_id)
       SELECT r.kind, r.name, r.name_key, r.region_id
         FROM jsonb_to_recordset($1::jsonb) AS r(kind text, name text, name_key text, region_id smallint)
       ON CONFLICT (name_key) DO NOTHING
       RETURNING name_key`,
      [JSON.stringify(records)],
    );
    const found: {
      id: string;
      name: string;
      name_key: string;
      kind: OrganizationKind;
      region_id: number | null;
    }[] = await this.manager.query(
      `SELECT id, name, name_key, kind, region_id FROM organizations WHERE name_key = ANY($1::text[])`,
      [missing.map(([key]) => key)],
    );
    for (const o of found) {
      this.organizations.set(o.name_key, { id: o.id, name: o.name, kind: o.kind, regionId: o.region_id });
    }
    return new Set(inserted.map((i) => i.name_key));
  }

  private regionOf(mention: OrganizationMention): number | null {
    return mention.regionId ?? this.options.regionOfName(mention.name)?.id ?? null;
  }

  /** Locks the people being updated so a staff edit cannot slip in between this read and the upsert. */
  private async lockExisting(emails: string[]): Promise<Map<string, ExistingContact>> {
    const rows: ExistingContact[] = await this.manager.query(
      `SELECT c.email, c.first_name, c.last_name, c.phone, c.organization_id, o.name AS organization_name,
              c.region_id, c.roles, c.elected, c.title, c.language, c.tags, c.notes
         FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE c.email = ANY($1::text[])
        FOR UPDATE OF c`,
      [emails],
    );
    return new Map(rows.map((r) => [r.email, r]));
  }

  /**
   * The stored person after the import: a value from the file replaces the stored one, an empty cell keeps it
   * (an import never wipes data). Tags are added to the stored ones; roles given in the file replace them.
   */
  private merge(row: ImportedContact, old: ExistingContact | undefined): UpsertRecord {
    const org = row.organizationName
      ? this.organizations.get(foldForSearch(row.organizationName))
      : undefined;
    const organizationId = org?.id ?? old?.organization_id ?? null;
    const organizationName = org?.name ?? old?.organization_name ?? null;
    // A person of a region organisation belongs to its region when neither the file nor the register says.
    const orgRegionId = org?.kind === 'region' ? org.regionId : null;
    const firstName = row.firstName ?? old?.first_name ?? '';
    const lastName = row.lastName ?? old?.last_name ?? '';
    const tags = row.tags ? [...new Set([...(old?.tags ?? []), ...row.tags])] : (old?.tags ?? []);
    return {
      email: row.email,
      first_name: firstName,
      last_name: lastName,
      phone: row.phone ?? old?.phone ?? null,
      organization_id: organizationId,
      region_id: row.regionId ?? old?.region_id ?? orgRegionId,
      roles: row.roles ?? old?.roles ?? [],
      elected: row.elected ?? old?.elected ?? false,
      title: row.title ?? old?.title ?? null,
      language: row.language ?? old?.language ?? 'sv',
      tags,
      notes: row.notes ?? old?.notes ?? null,
      search_text: contactSearchText({ firstName, lastName, email: row.email, organizationName }),
    };
  }
}
