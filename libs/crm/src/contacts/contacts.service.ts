import { AuditActor, AuditService } from '@app/audit';
import {
  AppErrorCode,
  AppException,
  DEFAULT_PAGE_LIMIT,
  formatStockholmDate,
  isValidEmail,
  MAX_PAGE_LIMIT,
  normaliseEmail,
  Page,
  pageLimit,
  pageTotalOf,
  PageTotal,
  takePage,
} from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ContactListMember } from '../lists/contact-list-member.entity';
import { Organization, OrganizationKind } from '../organizations/organization.entity';
import { Region } from '../regions/region.entity';
import { emailHash } from '../suppressions/email-hash';
import { Suppression, SuppressionReason } from '../suppressions/suppression.entity';
import {
  SUPPRESSION_REASON_LABELS,
  suppressionJoinSql,
  SuppressionsService,
  SuppressionView,
  toSuppressionView,
} from '../suppressions/suppressions.service';
import { Contact } from './contact.entity';
import {
  applyContactFilter,
  ContactFilter,
  contactSearchCondition,
  contactSearchText,
} from './contact-filter';
import { ContactInput, ContactPageQuery, ContactSort, ContactView, SortOrder } from './contact-input';
import { applyOrder, applySeek, decodeCursor, encodeCursor, keysOfRow, selectKeys } from './contact-keyset';
import { ContactViewSource, toContactView } from './contact-view';
import { CONTACT_LANGUAGES, CONTACT_ROLES, ContactLanguage, ContactRole } from './contact-vocabulary';
import { isUniqueViolation } from './pg-errors';
import { HeldRecord, PersonalDataHolders } from './personal-data-holders';
import { toE164 } from './phone';

/** A row of loadPage's query. */
interface PageRow {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  organization_id: string | null;
  region_id: number | null;
  roles: ContactRole[];
  elected: boolean;
  title: string | null;
  language: ContactLanguage;
  tags: string[];
  custom_fields: Record<string, unknown>;
  notes: string | null;
  legal_basis: string | null;
  source: string | null;
  created_at: Date;
  updated_at: Date;
  organization_name: string | null;
  organization_kind: OrganizationKind | null;
  region_code: string | null;
  region_name: string | null;
  suppression_reason: SuppressionReason | null;
  suppression_source: string | null;
  suppression_since: Date | null;
}

/** How many rows a free-text search checks in the sort order, per row of the page, before it looks them all up. */
export const SEARCH_WALK_ROWS_PER_ROW = 40;
/** Below this many expected matches a search looks them all up at once: cheaper than a walk that may fall short. */
export const SEARCH_WALK_MIN_MATCHES = 2000;
/**
 * A search PostgreSQL expects to match at most this many is counted exactly (up to as many); one expected to
 * match more has that estimate as its total. Counting 10 000 matches of a short word ("an"), as the other lists
 * do (EXACT_TOTAL_THRESHOLD), took longer than finding its page.
 */
export const SEARCH_EXACT_TOTAL_THRESHOLD = 1000;

/** The contact list's page sizes: those of every list (libs/common paging). */
export const DEFAULT_PAGE_SIZE = DEFAULT_PAGE_LIMIT;
export const MAX_PAGE_SIZE = MAX_PAGE_LIMIT;

/** A suppression added by hand for an address with no contact, as POST /api/suppressions answers it. */
export interface AddressSuppression {
  /** The contact holding the address, if one does. */
  contactId: string | null;
  suppression: SuppressionView;
}

/** Everything held about one person (GDPR art. 15), as handed to them. */
export interface PersonalDataExport {
  exportedAt: string;
  contact: ContactView;
  organization: {
    id: string;
    kind: string;
    name: string;
    shortName: string | null;
    website: string | null;
  } | null;
  region: { id: number; code: string; letter: string; name: string; seat: string } | null;
  lists: { id: string; name: string; addedAt: Date }[];
  suppression: { suppressed: boolean; reason: string | null; since: Date | null };
  /** What the rest of the system keeps about the person, per holder (e.g. "mailings": the sending ledger). */
  held: Record<string, HeldRecord[]>;
}

function trimOrNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/** Fields whose values are validated and normalised once, before any write. */
type Normalised = Partial<Omit<Contact, 'organization' | 'region' | 'searchText' | 'id'>>;

@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly suppressions: SuppressionsService,
    private readonly holders: PersonalDataHolders,
  ) {}

  /** The contact's address (null if it has none), or null when there is no such contact. */
  async emailOf(id: string, manager?: EntityManager): Promise<{ email: string | null } | null> {
    const m = manager ?? this.dataSource.manager;
    const contact = await m
      .getRepository(Contact)
      .findOne({ where: { id }, select: { id: true, email: true } });
    return contact ? { email: contact.email } : null;
  }

  async get(id: string): Promise<ContactView> {
    const [contact, suppressions] = await Promise.all([
      this.load(this.dataSource.manager, id),
      this.suppressions.findForContacts([id]),
    ]);
    return this.view(contact, suppressions);
  }

  async create(input: ContactInput): Promise<ContactView> {
    const values = await this.normalise(this.dataSource.manager, input);
    if (!values.firstName && !values.lastName && !values.email) {
      throw AppException.validation('Ange minst förnamn, efternamn eller e-postadress', {
        field: 'firstName',
      });
    }
    const id = await this.dataSource.transaction(async (m) => {
      const orgName = await this.organizationName(m, values.organizationId ?? null);
      const repo = m.getRepository(Contact);
      const contact = repo.create({
        ...values,
        searchText: contactSearchText({ ...values, organizationName: orgName }),
      });
      try {
        return (await repo.save(contact)).id;
      } catch (err) {
        throw await this.translateConflict(err, values.email);
      }
    });
    return this.get(id);
  }

  async update(id: string, input: ContactInput): Promise<ContactView> {
    await this.dataSource.transaction(async (m) => {
      const existing = await m
        .getRepository(Contact)
        .createQueryBuilder('c')
        .where('c.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!existing) throw AppException.notFound('Kontakten', id);
      const values = await this.normalise(m, input);
      const merged = { ...existing, ...values };
      const orgName = await this.organizationName(m, merged.organizationId);
      try {
        // save() rather than update(): TypeORM's update typing cannot express the jsonb customFields.
        await m.getRepository(Contact).save({
          id,
          ...values,
          searchText: contactSearchText({ ...merged, organizationName: orgName }),
        });
      } catch (err) {
        throw await this.translateConflict(err, values.email ?? null);
      }
    });
    return this.get(id);
  }

  /** Plain delete (a duplicate, a mistake): no suppression, the address may be imported again. */
  async remove(id: string, actor?: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const res = await m.getRepository(Contact).delete({ id });
      if (!res.affected) throw AppException.notFound('Kontakten', id);
      await this.audit.record({ action: 'contact.deleted', actor, targetType: 'contact', targetId: id }, m);
    });
  }

  /**
   * GDPR erasure (art. 17): the contact and its list memberships go, and a hash of the address stays in the
   * suppression table, as `erased` whatever blocked it before, so neither a later import nor staff lifting a
   * block can bring the person back into mailings. The audit entry holds the
   * contact id only: writing the name or address there would keep the very data being erased.
   */
  async erase(id: string, actor?: AuditActor): Promise<{ suppressed: boolean }> {
    return this.dataSource.transaction(async (m) => {
      const rows: { email: string | null }[] = await m.query(
        `SELECT email FROM contacts WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (rows.length === 0) throw AppException.notFound('Kontakten', id);
      const email = rows[0].email;
      // Other parts of the system (the sending ledger, the outbox …) scrub their copies in this transaction.
      for (const holder of this.holders.all()) await holder.erase(id, email, m);
      await m.getRepository(ContactListMember).delete({ contactId: id });
      await m.getRepository(Contact).delete({ id });
      if (email) await this.suppressions.markErased(email, m);
      await this.audit.record(
        { action: 'contact.erased', actor, targetType: 'contact', targetId: id, details: {} },
        m,
      );
      return { suppressed: email !== null };
    });
  }

  /** GDPR access (art. 15): everything held about the person. Audited, since it hands out personal data. */
  async exportPersonalData(id: string, actor?: AuditActor): Promise<PersonalDataExport> {
    const m = this.dataSource.manager;
    const contact = await this.load(m, id);
    const lists: { id: string; name: string; added_at: Date }[] = await m.query(
      `SELECT l.id, l.name, mb.added_at FROM contact_list_members mb
         JOIN contact_lists l ON l.id = mb.list_id
        WHERE mb.contact_id = $1 ORDER BY l.name, l.id`,
      [id],
    );
    const suppression = contact.email ? await this.suppressions.find(contact.email) : null;
    const held: Record<string, HeldRecord[]> = {};
    for (const holder of this.holders.all()) held[holder.section] = await holder.export(id, m);
    const org = contact.organization;
    const region = contact.region;
    await this.audit.record({ action: 'contact.exported', actor, targetType: 'contact', targetId: id });
    return {
      exportedAt: new Date().toISOString(),
      contact: this.view(contact, await this.suppressions.findForContacts([id])),
      organization: org
        ? { id: org.id, kind: org.kind, name: org.name, shortName: org.shortName, website: org.website }
        : null,
      region: region
        ? { id: region.id, code: region.code, letter: region.letter, name: region.name, seat: region.seat }
        : null,
      lists: lists.map((l) => ({ id: l.id, name: l.name, addedAt: l.added_at })),
      suppression: {
        suppressed: suppression !== null,
        reason: suppression?.reason ?? null,
        since: suppression?.createdAt ?? null,
      },
      held,
    };
  }

  /**
   * One page of contacts matching `filter`, keyset-paged (see contact-keyset.ts), with the total of matches:
   * counted while the page's contacts are loaded (on another connection), exact up to EXACT_TOTAL_THRESHOLD
   * matches or with `count`, else PostgreSQL's estimate; a first page that is the only one is its own total.
   */
  async list(query: ContactPageQuery = {}): Promise<Page<ContactView>> {
    const sort: ContactSort = query.sort ?? 'name';
    const order: SortOrder = query.order ?? 'asc';
    const limit = pageLimit(query.limit, DEFAULT_PAGE_SIZE);
    const filter = query.filter ?? {};
    // How many a search is expected to match decides how its page is found and whether it is counted.
    const expected = contactSearchCondition(filter, 'c') ? await this.estimatedMatches(filter) : undefined;
    const rows = await this.pageRows(filter, sort, order, limit, query.cursor, expected);
    const page = takePage(rows, limit, (last) => encodeCursor({ sort, order, keys: keysOfRow(last, sort) }));
    const ids = page.rows.map((r) => r.id);
    const [total, items] = await Promise.all([
      this.pageTotal(filter, query, page.nextCursor === null, ids.length, expected),
      this.loadPage(ids),
    ]);
    return { items, nextCursor: page.nextCursor, ...total };
  }

  /**
   * The list's total: a first page that is also the last holds every match (its length, nothing to count); a
   * search expected to match more than SEARCH_EXACT_TOTAL_THRESHOLD is PostgreSQL's estimate (counting would
   * only confirm that there are more); otherwise total().
   */
  private pageTotal(
    filter: ContactFilter,
    query: ContactPageQuery,
    lastPage: boolean,
    rows: number,
    expected: number | undefined,
  ): PageTotal | Promise<PageTotal> {
    if (!query.cursor && lastPage) return { total: rows, totalIsEstimate: false };
    if (query.count !== true && expected !== undefined && expected > SEARCH_EXACT_TOTAL_THRESHOLD) {
      return { total: Math.round(expected), totalIsEstimate: true };
    }
    return this.total(filter, query.count === true);
  }

  /** How many contacts match `filter`: exact up to the threshold (or when `exact`), else estimated. */
  total(filter: ContactFilter, exact = false): Promise<PageTotal> {
    const qb = applyContactFilter(
      this.dataSource.getRepository(Contact).createQueryBuilder('c'),
      filter,
      'c',
    );
    const threshold = contactSearchCondition(filter, 'c') ? SEARCH_EXACT_TOTAL_THRESHOLD : undefined;
    return pageTotalOf(qb, { exact, threshold });
  }

  /** PostgreSQL's estimate of how many contacts match `filter` (one EXPLAIN, well under a millisecond). */
  private async estimatedMatches(filter: ContactFilter): Promise<number> {
    const [sql, params] = applyContactFilter(
      this.dataSource.getRepository(Contact).createQueryBuilder('c').select('1'),
      filter,
      'c',
    ).getQueryAndParameters();
    const [{ 'QUERY PLAN': plan }]: { 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }[] =
      await this.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    return plan[0].Plan['Plan Rows'];
  }

  /**
   * The ids and keys of one page (limit + 1 rows, to know whether another page follows). `expected`: the matches
   * PostgreSQL expects for a free-text search; undefined without one.
   *
   * A free-text search that PostgreSQL expects to match many contacts (SEARCH_WALK_MIN_MATCHES), or that goes
   * on from a cursor (a match: the next ones are often near it), first walks the sort order from the cursor,
   * checking each row, for at most SEARCH_WALK_ROWS_PER_ROW × (limit + 1) rows: a word that many contacts share
   * ("an", "o", a common first name) fills a page within a few hundred rows, where finding every match and
   * sorting them grows with the register (Seq Scan and top-N sort: 170–340 ms for "o" at 300k). Otherwise, or
   * when the walk runs out of rows to check before the page is full, all matches are found through the trigram
   * index and sorted (pageQuery): cheap for a rare word; for matches that sit together far along the order
   * ("oberg" sorted by name: Ö comes last) the one case that still grows with the register.
   */
  private async pageRows(
    filter: ContactFilter,
    sort: ContactSort,
    order: SortOrder,
    limit: number,
    cursor: string | undefined,
    expected: number | undefined,
  ): Promise<(Record<string, unknown> & { id: string })[]> {
    if (expected !== undefined && (cursor || expected >= SEARCH_WALK_MIN_MATCHES)) {
      const budget = SEARCH_WALK_ROWS_PER_ROW * (limit + 1);
      const walked = await this.searchWalkQuery(filter, sort, order, limit, budget, cursor).getRawMany<
        Record<string, unknown> & { id: string; hit: boolean; rn: string }
      >();
      const hits = walked.filter((r) => r.hit);
      // The page is full, or every row after the cursor was checked (no row numbered `budget`): this is the page.
      if (hits.length > limit || !walked.some((r) => Number(r.rn) === budget)) return hits;
    }
    return this.pageQuery(filter, sort, order, limit, cursor).getRawMany();
  }

  /**
   * The walk of a free-text search: the first `budget` rows after the cursor in the sort order (through the sort's
   * index, with the other filters), numbered, and of those the matches (`hit`) up to limit + 1, plus the row
   * numbered `budget` when it is reached: then the walk stopped short and pageRows looks further.
   */
  searchWalkQuery(
    filter: ContactFilter,
    sort: ContactSort,
    order: SortOrder,
    limit: number,
    budget: number,
    cursor?: string,
  ): SelectQueryBuilder<ObjectLiteral> {
    const search = contactSearchCondition(filter, 'c')!;
    const walk = this.dataSource.getRepository(Contact).createQueryBuilder('c').select('c.id', 'id');
    selectKeys(walk, sort, 'c');
    walk.addSelect(`(${search.sql})`, 'hit').setParameters(search.params);
    applyContactFilter(walk, filter, 'c', { search: false });
    if (cursor) applySeek(walk, decodeCursor(cursor, sort, order), 'c');
    applyOrder(walk, sort, order, 'c').limit(budget);
    // Rows leave the walk in its order and are numbered as they come; the filter and limit above stop it early.
    return this.dataSource
      .createQueryBuilder()
      .select('p.*')
      .from(`(SELECT w.*, row_number() OVER () AS rn FROM (${walk.getQuery()}) w)`, 'p')
      .setParameters(walk.getParameters())
      .where(`p.hit OR p.rn = ${budget}`)
      .limit(limit + 1);
  }

  /**
   * The id-and-keys query of one page (limit + 1 rows, to know whether another page follows): every match, in
   * order. Public so tests can EXPLAIN it.
   */
  pageQuery(
    filter: ContactFilter,
    sort: ContactSort,
    order: SortOrder,
    limit: number,
    cursor?: string,
  ): SelectQueryBuilder<Contact> {
    const qb = this.dataSource.getRepository(Contact).createQueryBuilder('c').select('c.id', 'id');
    selectKeys(qb, sort, 'c');
    applyContactFilter(qb, filter, 'c');
    if (cursor) applySeek(qb, decodeCursor(cursor, sort, order), 'c');
    applyOrder(qb, sort, order, 'c', Boolean(filter.q?.trim()));
    return qb.limit(limit + 1);
  }

  /**
   * A page's contacts as staff see them (organisation, region and the suppression of the address), in the order
   * of `ids`: one plain query, read as rows. loadMany and findForContacts, TypeORM's entity loading and a second
   * query, took 5 ms for 50 contacts: more than half of a list request.
   */
  private async loadPage(ids: string[]): Promise<ContactView[]> {
    if (ids.length === 0) return [];
    const rows: PageRow[] = await this.dataSource.query(
      `SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.organization_id, c.region_id, c.roles,
              c.elected, c.title, c.language, c.tags, c.custom_fields, c.notes, c.legal_basis, c.source,
              c.created_at, c.updated_at, o.name AS organization_name, o.kind AS organization_kind,
              r.code AS region_code, r.name AS region_name,
              sup.reason AS suppression_reason, sup.source AS suppression_source, sup.created_at AS suppression_since
         FROM contacts c
         LEFT JOIN organizations o ON o.id = c.organization_id
         LEFT JOIN regions r ON r.id = c.region_id
         ${suppressionJoinSql('c.email', 'sup')}
        WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids
      .map((id) => byId.get(id))
      .filter((r): r is PageRow => r !== undefined)
      .map((r) => toContactView(contactOfRow(r), suppressionOfRow(r)));
  }

  /** Loads contacts with organisation and region, in the order of `ids`. */
  async loadMany(ids: string[]): Promise<Contact[]> {
    if (ids.length === 0) return [];
    const found = await this.dataSource
      .getRepository(Contact)
      .find({ where: { id: In(ids) }, relations: { organization: true, region: true } });
    const byId = new Map(found.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id)).filter((c): c is Contact => c !== undefined);
  }

  /** A contact as staff see it, with the suppression of its address (from findForContacts). */
  private view(contact: ContactViewSource, suppressions: Map<string, Suppression>): ContactView {
    const s = suppressions.get(contact.id);
    return toContactView(contact, s ? toSuppressionView(s) : null);
  }

  /**
   * Blocks the contact's address by hand (reason `manual`): no mailing reaches it from now on, including
   * mailings already sending (the sending claim checks suppression per message). Audited with the reason
   * staff gave; the address itself stays out of the audit log.
   */
  async suppress(id: string, reason: string, actor: AuditActor): Promise<ContactView> {
    const note = this.requiredReason(reason, 'spärras');
    await this.dataSource.transaction(async (m) => {
      const email = await this.lockedEmail(m, id);
      if (email === null) {
        throw AppException.conflict('Kontakten har ingen e-postadress att spärra', { field: 'email' });
      }
      await this.addManual(email, actor, m);
      await this.audit.record(
        {
          action: 'contact.suppressed',
          actor,
          targetType: 'contact',
          targetId: id,
          details: { reason: note, suppressionReason: 'manual' },
        },
        m,
      );
    });
    return this.get(id);
  }

  /**
   * Lifts the suppression of the contact's address (someone unsubscribed by mistake, an address that bounced
   * works again). A suppression kept after a GDPR erasure is never lifted (409). Audited with the reason given
   * and what was lifted.
   */
  async liftSuppression(id: string, reason: string, actor: AuditActor): Promise<ContactView> {
    const note = this.requiredReason(reason, 'hävs');
    await this.dataSource.transaction(async (m) => {
      const email = await this.lockedEmail(m, id);
      const lifted = email === null ? null : await this.suppressions.lift(email, m);
      if (!lifted) {
        throw new AppException(AppErrorCode.NOT_FOUND, 'Kontaktens adress är inte spärrad', { id });
      }
      await this.audit.record(
        {
          action: 'contact.suppression_lifted',
          actor,
          targetType: 'contact',
          targetId: id,
          details: {
            reason: note,
            liftedReason: lifted.reason,
            suppressedSince: lifted.createdAt.toISOString(),
            suppressedBy: lifted.source,
          },
        },
        m,
      );
    });
    return this.get(id);
  }

  /**
   * Blocks an address by hand, whether or not a contact has it (someone asks not to be mailed before they are
   * in the register). Audited by the contact's id when there is one, else by the address's suppression hash:
   * never the address itself.
   */
  async suppressAddress(email: string, reason: string, actor: AuditActor): Promise<AddressSuppression> {
    const note = this.requiredReason(reason, 'spärras');
    const address = normaliseEmail(email ?? '');
    if (!isValidEmail(address)) {
      throw AppException.validation('email: ogiltig e-postadress', { field: 'email' });
    }
    return this.dataSource.transaction(async (m) => {
      const added = await this.addManual(address, actor, m);
      const contact = await m
        .getRepository(Contact)
        .findOne({ where: { email: address }, select: { id: true } });
      await this.audit.record(
        {
          action: 'contact.suppressed',
          actor,
          targetType: contact ? 'contact' : 'suppression',
          targetId: contact ? contact.id : emailHash(address),
          details: { reason: note, suppressionReason: 'manual', byAddress: true },
        },
        m,
      );
      return { contactId: contact?.id ?? null, suppression: toSuppressionView(added) };
    });
  }

  private async lockedEmail(m: EntityManager, id: string): Promise<string | null> {
    const rows: { email: string | null }[] = await m.query(
      `SELECT email FROM contacts WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (rows.length === 0) throw AppException.notFound('Kontakten', id);
    return rows[0].email;
  }

  private requiredReason(reason: string | undefined, what: 'spärras' | 'hävs'): string {
    const note = (reason ?? '').replace(/\s+/g, ' ').trim();
    if (!note) {
      throw AppException.validation(`reason: ange varför adressen ${what}`, { field: 'reason' });
    }
    return note;
  }

  /**
   * A block staff made (reason manual, source `staff:<user id>`: who; the audit log says why), or 409 naming
   * the block the address already has.
   */
  private async addManual(email: string, actor: AuditActor, m: EntityManager): Promise<Suppression> {
    const source = actor.userId ? `staff:${actor.userId}` : 'staff';
    const added = await this.suppressions.suppress(email, 'manual', source, m);
    const current = await this.suppressions.find(email, m);
    if (!current) throw new Error('Spärren saknas direkt efter att den lagts till');
    if (!added) {
      throw AppException.conflict(
        `Adressen är redan spärrad (${SUPPRESSION_REASON_LABELS[current.reason]} sedan ` +
          `${formatStockholmDate(current.createdAt)})`,
        { reason: current.reason },
      );
    }
    return current;
  }

  private async load(m: EntityManager, id: string): Promise<Contact> {
    const c = await m
      .getRepository(Contact)
      .findOne({ where: { id }, relations: { organization: true, region: true } });
    if (!c) throw AppException.notFound('Kontakten', id);
    return c;
  }

  private async organizationName(m: EntityManager, id: string | null): Promise<string | null> {
    if (!id) return null;
    const org = await m.getRepository(Organization).findOne({ where: { id }, select: { name: true } });
    return org?.name ?? null;
  }

  /** Validates and normalises the fields present; each error names its field. */
  private async normalise(m: EntityManager, input: ContactInput): Promise<Normalised> {
    const out: Normalised = {};
    if (input.firstName !== undefined) out.firstName = trimOrNull(input.firstName) ?? '';
    if (input.lastName !== undefined) out.lastName = trimOrNull(input.lastName) ?? '';
    if (input.email !== undefined) {
      const raw = trimOrNull(input.email);
      if (raw === null) out.email = null;
      else {
        const email = normaliseEmail(raw);
        if (!isValidEmail(email)) {
          throw AppException.validation(`Ogiltig e-postadress i fältet email: ${raw}`, { field: 'email' });
        }
        out.email = email;
      }
    }
    if (input.phone !== undefined) {
      const raw = trimOrNull(input.phone);
      if (raw === null) out.phone = null;
      else {
        const e164 = toE164(raw);
        if (!e164) {
          throw AppException.validation(`Ogiltigt telefonnummer i fältet phone: ${raw}`, { field: 'phone' });
        }
        out.phone = e164;
      }
    }
    if (input.organizationId !== undefined) {
      if (input.organizationId !== null) {
        const exists = await m.getRepository(Organization).exists({ where: { id: input.organizationId } });
        if (!exists) {
          throw AppException.validation(
            `Okänd organisation i fältet organizationId: ${input.organizationId}`,
            {
              field: 'organizationId',
            },
          );
        }
      }
      out.organizationId = input.organizationId;
    }
    if (input.regionId !== undefined) {
      if (input.regionId !== null) {
        const exists = await m.getRepository(Region).exists({ where: { id: input.regionId } });
        if (!exists) {
          throw AppException.validation(`Okänd region i fältet regionId: ${input.regionId}`, {
            field: 'regionId',
          });
        }
      }
      out.regionId = input.regionId;
    }
    if (input.roles !== undefined) {
      const roles = input.roles ?? [];
      const unknown = roles.filter((r) => !CONTACT_ROLES.includes(r));
      if (unknown.length > 0) {
        throw AppException.validation(`Okänd roll i fältet roles: ${unknown.join(', ')}`, { field: 'roles' });
      }
      out.roles = [...new Set<ContactRole>(roles)];
    }
    if (input.elected !== undefined && input.elected !== null) out.elected = input.elected;
    if (input.title !== undefined) out.title = trimOrNull(input.title);
    if (input.language !== undefined) {
      if (!CONTACT_LANGUAGES.includes(input.language)) {
        throw AppException.validation(`Ogiltigt språk i fältet language: ${String(input.language)}`, {
          field: 'language',
        });
      }
      out.language = input.language;
    }
    if (input.tags !== undefined) {
      const tags = input.tags ?? [];
      out.tags = [...new Set(tags.map((t) => String(t).replace(/\s+/g, ' ').trim()).filter(Boolean))];
    }
    if (input.customFields !== undefined) {
      const cf = input.customFields ?? {};
      if (typeof cf !== 'object' || cf === null || Array.isArray(cf)) {
        throw AppException.validation('Fältet customFields måste vara ett objekt', { field: 'customFields' });
      }
      out.customFields = cf;
    }
    if (input.notes !== undefined) out.notes = trimOrNull(input.notes);
    if (input.legalBasis !== undefined) out.legalBasis = trimOrNull(input.legalBasis);
    if (input.source !== undefined) out.source = trimOrNull(input.source);
    return out;
  }

  private async translateConflict(err: unknown, email: string | null | undefined): Promise<unknown> {
    if (email && isUniqueViolation(err, 'contacts_email_uq')) {
      const other: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM contacts WHERE email = $1`,
        [email],
      );
      return AppException.conflict(`E-postadressen ${email} finns redan hos en annan kontakt`, {
        field: 'email',
        email,
        contactId: other[0]?.id ?? null,
      });
    }
    return err;
  }
}

function contactOfRow(r: PageRow): ContactViewSource {
  return {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone,
    organizationId: r.organization_id,
    organization:
      r.organization_id === null || r.organization_name === null || r.organization_kind === null
        ? null
        : { id: r.organization_id, name: r.organization_name, kind: r.organization_kind },
    regionId: r.region_id,
    region:
      r.region_id === null || r.region_code === null || r.region_name === null
        ? null
        : { id: r.region_id, code: r.region_code, name: r.region_name },
    roles: r.roles,
    elected: r.elected,
    title: r.title,
    language: r.language,
    tags: r.tags,
    customFields: r.custom_fields,
    notes: r.notes,
    legalBasis: r.legal_basis,
    source: r.source,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function suppressionOfRow(r: PageRow): SuppressionView | null {
  if (r.suppression_reason === null || r.suppression_since === null) return null;
  return { reason: r.suppression_reason, since: r.suppression_since, source: r.suppression_source };
}
