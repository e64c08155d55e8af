import { foldForSearch } from '@app/common';
import type { QueryRunner } from 'typeorm';
import { contactSearchText } from '../contacts/contact-filter';
import { ORGANIZATION_KINDS, OrganizationKind } from '../organizations/organization.entity';
import { copyIn, copyText, copyTextArray } from './copy-in';
import type { ImportedContact } from './import-row';

export const ERASED_REASON = 'Personen har raderats enligt GDPR och importeras inte igen';

export interface BatchOutcome {
  created: number;
  /** People already in the register that the batch named (whether or not anything of theirs changed). */
  updated: number;
  /** Of those, the ones whose stored row was rewritten because a value differed. */
  changed: number;
  /** Rows not written, with why: a repeated address (`duplicate`), or a person erased under GDPR. */
  skipped: { line: number; reason: string; field?: 'email'; duplicate?: true }[];
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

/** A row that names an organisation: what it says about it. */
interface OrganizationRow {
  line: number;
  name: string;
  regionId?: number;
  kind?: OrganizationKind;
}

/** What one batch's rows say about one organisation. */
interface OrganizationMention {
  name: string;
  /** The kind stated by the first row in the file that states one, if that row is in this batch. */
  stated?: { kind: OrganizationKind; line: number };
  /** The region column of the first of its rows that has one. */
  regionId?: number;
}

/** A person updated from a row without a first or last name, as stored now: their search text is redone. */
interface PartialPerson {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  organizationName: string | null;
}

/** Folded texts kept per import: names, first names and organisations repeat down a list. Bounded. */
const MAX_CACHED_FOLDS = 50_000;

/**
 * The batch's rows as COPY sends them to the staging table `import_batch`. An absent value is NULL, so the SQL
 * can tell "the file says nothing" (keep the stored value) from a value. The *_key columns are the folded
 * (foldForSearch) parts of search_text that the file gives; the address needs none (it is ASCII, lower case and
 * without spaces, so folding leaves it as it is).
 */
const STAGED_COLUMNS =
  'line, email, first_name, last_name, phone, org_key, region_id, roles, elected, title, language, tags, notes, first_key, last_key';

/**
 * The stored person after the import, in SQL over the staged row `b`, the stored row `c` and the organisation the
 * row names `o`: a value from the file replaces the stored one, an empty cell keeps it (an import never wipes
 * data). Tags are added to the stored ones; roles given in the file replace them. A person of a region
 * organisation belongs to its region when neither the file nor the register says. search_text is the folded
 * name, address and organisation (contactSearchText), put together from the folded parts; when the file lacks
 * a first or last name the stored one is needed folded, which only Node does exactly, so it is redone after.
 */
const MERGED: [column: string, value: string][] = [
  ['first_name', `COALESCE(b.first_name, c.first_name)`],
  ['last_name', `COALESCE(b.last_name, c.last_name)`],
  ['phone', `COALESCE(b.phone, c.phone)`],
  ['organization_id', `COALESCE(o.id, c.organization_id)`],
  ['region_id', `COALESCE(b.region_id, c.region_id, CASE WHEN o.kind = 'region' THEN o.region_id END)`],
  ['roles', `COALESCE(b.roles, c.roles)`],
  ['elected', `COALESCE(b.elected, c.elected)`],
  ['title', `COALESCE(b.title, c.title)`],
  ['language', `COALESCE(b.language, c.language)`],
  [
    'tags',
    `CASE WHEN b.tags IS NULL OR b.tags <@ c.tags THEN c.tags
          ELSE c.tags || ARRAY(SELECT t FROM unnest(b.tags) WITH ORDINALITY AS u(t, n) WHERE t <> ALL (c.tags) ORDER BY n)
     END`,
  ],
  ['notes', `COALESCE(b.notes, c.notes)`],
  [
    'search_text',
    `CASE WHEN b.first_name IS NULL OR b.last_name IS NULL THEN c.search_text
          ELSE concat_ws(' ', NULLIF(b.first_key, ''), NULLIF(b.last_key, ''), b.email,
                         NULLIF(COALESCE(b.org_key, (SELECT x.name_key FROM organizations x WHERE x.id = c.organization_id)), ''))
     END`,
  ],
];

/**
 * One statement per batch for the people: the new ones inserted, the known ones updated only where a value
 * differs. Both parts see the register as it was before the statement, so a row the insert adds is not also
 * updated, and a person already there is left to the update: the insert passes over them (NOT EXISTS, cheaper
 * than letting the insert find the conflict) and, for one added meanwhile by someone else, skips them on the
 * unique address.
 * A row left as it was is not written at all: no new row version, no index entries, no WAL.
 */
const UPSERT_SQL = `
WITH ins AS (
  INSERT INTO contacts (email, first_name, last_name, phone, organization_id, region_id, roles, elected, title,
                        language, tags, notes, search_text, source)
  SELECT b.email, COALESCE(b.first_name, ''), COALESCE(b.last_name, ''), b.phone, o.id,
         COALESCE(b.region_id, CASE WHEN o.kind = 'region' THEN o.region_id END), COALESCE(b.roles, '{}'),
         COALESCE(b.elected, false), b.title, COALESCE(b.language, 'sv'), COALESCE(b.tags, '{}'), b.notes,
         concat_ws(' ', NULLIF(b.first_key, ''), NULLIF(b.last_key, ''), b.email, NULLIF(b.org_key, '')), $1
    FROM import_batch b LEFT JOIN organizations o ON o.name_key = b.org_key
   WHERE NOT EXISTS (SELECT 1 FROM contacts x WHERE x.email = b.email)
   ORDER BY b.line
  ON CONFLICT (email) WHERE email IS NOT NULL DO NOTHING
  RETURNING 1
), upd AS (
  UPDATE contacts c SET ${MERGED.map(([col, value]) => `${col} = ${value}`).join(', ')}, updated_at = now()
    FROM import_batch b LEFT JOIN organizations o ON o.name_key = b.org_key
   WHERE c.email = b.email
     AND (${MERGED.map(([col]) => `c.${col}`).join(', ')})
         IS DISTINCT FROM (${MERGED.map(([, value]) => value).join(', ')})
  RETURNING c.id, c.email, c.first_name, c.last_name, c.organization_id,
            (b.first_name IS NULL OR b.last_name IS NULL) AS partial
)
SELECT (SELECT count(*) FROM ins)::int AS created,
       (SELECT count(*) FROM upd)::int AS changed,
       (SELECT json_agg(json_build_object('id', u.id, 'email', u.email, 'firstName', u.first_name,
                                          'lastName', u.last_name, 'organizationName', org.name))
          FROM upd u LEFT JOIN organizations org ON org.id = u.organization_id
         WHERE u.partial) AS partial`;

/**
 * One batch of rows as the writer needs it, filled row by row as the file is read: the rows already in COPY's
 * text format, in a buffer kept and reused from batch to batch, and for each row that names an organisation
 * what the organisation step needs, in typed arrays. A row read leaves nothing else behind: the app's memory
 * is the same whatever the size of the file, and the garbage collector has little to move.
 */
export class ImportBatch {
  /** Rows in the batch. */
  rows = 0;
  private bytes = Buffer.allocUnsafe(1024 * 1024);
  private length = 0;
  private organizationRows = 0;
  private lines: Int32Array;
  private names: Int32Array;
  private regions: Int16Array;
  private kinds: Int8Array;
  /** The organisation names the batch's rows give, as written, each once. */
  private nameList: string[] = [];
  private nameIndex = new Map<string, number>();

  constructor(capacity: number) {
    this.lines = new Int32Array(capacity);
    this.names = new Int32Array(capacity);
    this.regions = new Int16Array(capacity);
    this.kinds = new Int8Array(capacity);
  }

  reset(): void {
    this.rows = 0;
    this.length = 0;
    this.organizationRows = 0;
    this.nameList = [];
    this.nameIndex.clear();
  }

  /** One row, in COPY's text format, with its line break. */
  appendRow(text: string): void {
    // At most three bytes of UTF-8 per UTF-16 unit.
    if (this.length + text.length * 3 > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + text.length * 3));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    this.length += this.bytes.write(text, this.length, 'utf8');
    this.rows++;
  }

  appendOrganization(line: number, name: string, regionId?: number, kind?: OrganizationKind): void {
    const at = this.organizationRows++;
    if (at >= this.lines.length) this.grow();
    let index = this.nameIndex.get(name);
    if (index === undefined) {
      index = this.nameList.push(name) - 1;
      this.nameIndex.set(name, index);
    }
    this.lines[at] = line;
    this.names[at] = index;
    this.regions[at] = regionId ?? 0; // region ids start at 1
    this.kinds[at] = kind ? ORGANIZATION_KINDS.indexOf(kind) : -1;
  }

  /** The rows' COPY text. */
  data(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  /** The rows that name an organisation, in file order, without the lines in `gone`. */
  *organizations(gone: Set<number>): Generator<OrganizationRow> {
    for (let i = 0; i < this.organizationRows; i++) {
      const line = this.lines[i];
      if (gone.has(line)) continue;
      yield {
        line,
        name: this.nameList[this.names[i]],
        regionId: this.regions[i] || undefined,
        kind: this.kinds[i] >= 0 ? ORGANIZATION_KINDS[this.kinds[i]] : undefined,
      };
    }
  }

  private grow(): void {
    const size = this.lines.length * 2;
    const lines = new Int32Array(size);
    const names = new Int32Array(size);
    const regions = new Int16Array(size);
    const kinds = new Int8Array(size);
    lines.set(this.lines);
    names.set(this.names);
    regions.set(this.regions);
    kinds.set(this.kinds);
    this.lines = lines;
    this.names = names;
    this.regions = regions;
    this.kinds = kinds;
  }
}

/**
 * Writes batches of imported people inside the import's transaction, set-based: each batch is copied into a
 * temporary staging table (COPY), and a few statements per batch do the rest, never one per row. Repeated
 * addresses are found against every address the file had so far (a temporary table too, so the app holds no
 * per-row state however long the file). Organisations are matched by name_key (foldForSearch of the name) and
 * created if missing.
 */
export class ContactImportWriter {
  private readonly organizations = new Map<string, KnownOrganization>();
  /** Per organisation (name_key), the first kind a row of this file stated and its line: that one holds. */
  private readonly statedKinds = new Map<string, { kind: OrganizationKind; line: number }>();
  private readonly folds = new Map<string, string>();

  constructor(
    private readonly runner: QueryRunner,
    private readonly options: ImportWriterOptions,
  ) {}

  /**
   * The staging tables, for this transaction only (not logged, dropped at its end). The import's statements
   * join a batch (thousands of rows) to tables that may hold hundreds of thousands, by unique keys: an index
   * lookup per row of the batch is what they need, but PostgreSQL, which never has statistics on a temporary
   * table, picks hashing the whole big table per batch, which grows with the register. So for this transaction
   * it is told not to hash or merge-join.
   */
  async begin(): Promise<void> {
    await this.simpleQuery(
      `CREATE TEMPORARY TABLE import_batch (
         line integer NOT NULL, email text NOT NULL, first_name text, last_name text, phone text, org_key text,
         region_id smallint, roles text[], elected boolean, title text, language text, tags text[], notes text,
         first_key text, last_key text
       ) ON COMMIT DROP;
       CREATE TEMPORARY TABLE import_seen (email text PRIMARY KEY, line integer NOT NULL) ON COMMIT DROP;
       SET LOCAL enable_hashjoin = off;
       SET LOCAL enable_mergejoin = off;`,
    );
  }

  /**
   * Several statements without parameters in one round trip (PostgreSQL's simple query protocol); answers the
   * rows of the last one. Each round trip of a batch is time the database waits on this process.
   */
  private async simpleQuery<T>(sql: string): Promise<T[]> {
    const client = (await this.runner.connect()) as { query(sql: string): Promise<unknown> };
    const results = (await client.query(sql)) as { rows: T[] } | { rows: T[] }[];
    return Array.isArray(results) ? results[results.length - 1].rows : results.rows;
  }

  /** A batch to fill with add(); two, used in turn, let one be filled while the other is written. */
  createBatch(capacity: number): ImportBatch {
    return new ImportBatch(capacity);
  }

  /** A row read from the file, into the batch. */
  add(batch: ImportBatch, r: ImportedContact): void {
    batch.appendRow(
      `${r.line}\t${copyText(r.email)}\t${copyText(r.firstName)}\t${copyText(r.lastName)}\t${copyText(r.phone)}\t` +
        `${r.organizationName === undefined ? '\\N' : copyText(this.fold(r.organizationName))}\t` +
        `${r.regionId ?? '\\N'}\t${copyTextArray(r.roles)}\t${r.elected === undefined ? '\\N' : r.elected ? 't' : 'f'}\t` +
        `${copyText(r.title)}\t${copyText(r.language)}\t${copyTextArray(r.tags)}\t${copyText(r.notes)}\t` +
        `${r.firstName === undefined ? '\\N' : copyText(this.fold(r.firstName))}\t` +
        `${r.lastName === undefined ? '\\N' : copyText(this.fold(r.lastName))}\n`,
    );
    if (r.organizationName) {
      batch.appendOrganization(r.line, r.organizationName, r.regionId, r.organizationKind);
    }
  }

  async write(batch: ImportBatch): Promise<BatchOutcome> {
    const outcome: BatchOutcome = {
      created: 0,
      updated: 0,
      changed: 0,
      skipped: [],
      warnings: [],
      kindChanges: [],
    };
    if (batch.rows === 0) return outcome;
    const gone = await this.stage(batch, outcome.skipped);
    const rows = batch.rows - gone.size;
    if (rows === 0) return outcome;
    outcome.kindChanges = await this.resolveOrganizations(batch.organizations(gone), outcome.warnings);

    const [result]: { created: number; changed: number; partial: PartialPerson[] | null }[] =
      await this.runner.query(UPSERT_SQL, [this.options.source]);
    if (result.partial) await this.refreshSearchText(result.partial);
    outcome.created = result.created;
    outcome.updated = rows - result.created;
    outcome.changed = result.changed;
    return outcome;
  }

  private fold(text: string): string {
    let folded = this.folds.get(text);
    if (folded === undefined) {
      if (this.folds.size >= MAX_CACHED_FOLDS) this.folds.clear();
      folded = foldForSearch(text);
      this.folds.set(text, folded);
    }
    return folded;
  }

  /**
   * The batch into import_batch, replacing the previous batch, in one round trip with taking out of it the rows
   * whose address an earlier row of the file had (the first row with an address wins) and the people erased
   * under GDPR (an erased person stays out, even when an old file still lists them); answers their lines. A
   * repeat is reported as one even when the address is erased.
   */
  private async stage(batch: ImportBatch, skipped: BatchOutcome['skipped']): Promise<Set<number>> {
    // The DELETE is a statement of its own so that it sees the addresses the INSERT before it added.
    const gone = await copyIn(
      this.runner,
      `TRUNCATE import_batch;
       COPY import_batch (${STAGED_COLUMNS}) FROM STDIN;
       INSERT INTO import_seen (email, line) SELECT email, line FROM import_batch ORDER BY line
       ON CONFLICT (email) DO NOTHING;
       DELETE FROM import_batch b USING import_seen s
        WHERE s.email = b.email
          AND (s.line <> b.line
               OR ((SELECT EXISTS (SELECT 1 FROM suppressions WHERE reason = 'erased'))
                   AND EXISTS (SELECT 1 FROM suppressions x
                                WHERE x.reason = 'erased' AND x.email_hash = email_hash(b.email))))
       RETURNING b.line, s.line AS first_line`,
      batch.data(),
    );
    const found = gone.map(([line, first]) => ({ line: Number(line), first: Number(first) }));
    for (const g of found.sort((a, b) => a.line - b.line)) {
      if (g.first === g.line) skipped.push({ line: g.line, reason: ERASED_REASON });
      else
        skipped.push({
          line: g.line,
          // The line it repeats, not the address: row errors must hold no personal data.
          reason: `Dubblett av rad ${g.first} (e-post)`,
          field: 'email',
          duplicate: true,
        });
    }
    return new Set(found.map((g) => g.line));
  }

  /**
   * The search text of people updated from a row without a first or a last name: made from their stored names,
   * as contactSearchText makes it, and written where it differs.
   */
  private async refreshSearchText(people: PartialPerson[]): Promise<void> {
    const texts = people.map((p) => ({ id: p.id, t: contactSearchText(p) }));
    await this.runner.query(
      `UPDATE contacts c SET search_text = v.t
         FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, t text)
        WHERE c.id = v.id AND c.search_text IS DISTINCT FROM v.t`,
      [JSON.stringify(texts)],
    );
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
    rows: Iterable<OrganizationRow>,
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
      await this.runner.query(
        `UPDATE organizations o SET kind = u.kind, region_id = u.region_id, updated_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, kind text, region_id smallint)
          WHERE o.id = u.id`,
        [JSON.stringify(updates)],
      );
    }
    return changes;
  }

  private mentionsOf(
    rows: Iterable<OrganizationRow>,
    warnings: BatchOutcome['warnings'],
  ): Map<string, OrganizationMention> {
    const mentions = new Map<string, OrganizationMention>();
    for (const r of rows) {
      const key = this.fold(r.name);
      let mention = mentions.get(key);
      if (!mention) mentions.set(key, (mention = { name: r.name }));
      if (mention.regionId === undefined && r.regionId !== undefined) mention.regionId = r.regionId;
      if (!r.kind) continue;
      const first = this.statedKinds.get(key);
      if (!first) {
        mention.stated = { kind: r.kind, line: r.line };
        this.statedKinds.set(key, mention.stated);
      } else if (first.kind !== r.kind) {
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
    const inserted: { name_key: string }[] = await this.runner.query(
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
    }[] = await this.runner.query(
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
}
