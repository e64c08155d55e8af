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
  private readonly organizations = new Map<string, { id: string; name: string }>();

  constructor(
    private readonly manager: EntityManager,
    private readonly options: { organizationKind: OrganizationKind; source: string },
  ) {}

  async write(batch: ImportedContact[]): Promise<BatchOutcome> {
    const skipped: BatchOutcome['skipped'] = [];
    const rows = await this.withoutErased(batch, skipped);
    if (rows.length === 0) return { created: 0, updated: 0, skipped };
    await this.resolveOrganizations(rows);
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
    return { created, updated: result.length - created, skipped };
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

  private async resolveOrganizations(rows: ImportedContact[]): Promise<void> {
    const missing = new Map<string, string>();
    for (const r of rows) {
      if (!r.organizationName) continue;
      const key = foldForSearch(r.organizationName);
      if (!this.organizations.has(key) && !missing.has(key)) missing.set(key, r.organizationName);
    }
    if (missing.size === 0) return;
    const keys = [...missing.keys()];
    await this.manager.query(
      `INSERT INTO organizations (kind, name, name_key)
       SELECT $1, t.name, t.name_key FROM unnest($2::text[], $3::text[]) AS t(name, name_key)
       ON CONFLICT (name_key) DO NOTHING`,
      [this.options.organizationKind, [...missing.values()], keys],
    );
    const found: { id: string; name: string; name_key: string }[] = await this.manager.query(
      `SELECT id, name, name_key FROM organizations WHERE name_key = ANY($1::text[])`,
      [keys],
    );
    for (const o of found) this.organizations.set(o.name_key, { id: o.id, name: o.name });
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
    const firstName = row.firstName ?? old?.first_name ?? '';
    const lastName = row.lastName ?? old?.last_name ?? '';
    const tags = row.tags ? [...new Set([...(old?.tags ?? []), ...row.tags])] : (old?.tags ?? []);
    return {
      email: row.email,
      first_name: firstName,
      last_name: lastName,
      phone: row.phone ?? old?.phone ?? null,
      organization_id: organizationId,
      region_id: row.regionId ?? old?.region_id ?? null,
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
