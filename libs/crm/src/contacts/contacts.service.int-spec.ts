import { AppErrorCode, AppException } from '@app/common';
import { emailHash } from '../suppressions/email-hash';
import { SuppressionsService } from '../suppressions/suppressions.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { RegionsService } from '../regions/regions.service';
import { ListsService } from '../lists/lists.service';
import { ContactsService } from './contacts.service';
import { PersonalDataHolders } from './personal-data-holders';
import { ContactFilter } from './contact-filter';
import { ContactSort, ContactView, SortOrder } from './contact-input';
import { createCrmIntContext, CrmIntContext } from './test-support/crm-int-context';

async function codeOf(
  p: Promise<unknown>,
): Promise<{ code: AppErrorCode; message: string; details?: unknown }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppException) return { code: err.code, message: err.message, details: err.details };
    throw err;
  }
  throw new Error('expected an AppException');
}

describe('ContactsService (PostgreSQL)', () => {
  let t: CrmIntContext;
  let contacts: ContactsService;
  let orgs: OrganizationsService;
  let regions: RegionsService;

  beforeAll(async () => {
    t = await createCrmIntContext();
    contacts = t.module.get(ContactsService);
    orgs = t.module.get(OrganizationsService);
    regions = t.module.get(RegionsService);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('create and update', () => {
    it('normalises email, phone and tags, and answers with organisation and region', async () => {
      const org = await orgs.create({ kind: 'member', name: 'Riksförbundet Hembygd' });
      const region = (await regions.resolveRegion('Sörmland'))!;
      const c = await contacts.create({
        firstName: ' Åsa ',
        lastName: 'Öberg',
        email: '  Asa.Oberg@Example.SE ',
        phone: '070-426 45 31',
        organizationId: org.id,
        regionId: region.id,
        roles: ['kulturchef', 'kulturchef'],
        tags: [' styrelse ', 'styrelse', '', 'region  möte'],
        customFields: { medlemsnummer: 42 },
      });
      expect(c).toMatchObject({
        firstName: 'Åsa',
        lastName: 'Öberg',
        email: 'asa.oberg@example.se',
        phone: '+46704264531',
        phoneDisplay: '070-426 45 31',
        organization: { id: org.id, name: 'Riksförbundet Hembygd', kind: 'member' },
        region: { id: region.id, code: '04', name: 'Region Sörmland' },
        roles: ['kulturchef'],
        tags: ['styrelse', 'region möte'],
        customFields: { medlemsnummer: 42 },
        language: 'sv',
      });
      const [{ search_text }] = await t.dataSource.query('SELECT search_text FROM contacts WHERE id = $1', [
        c.id,
      ]);
      expect(search_text).toBe('asa oberg asa.oberg@example.se riksforbundet hembygd');
    });

    it('refuses a duplicate email with a conflict naming the address, whatever its case', async () => {
      await contacts.create({ firstName: 'Per', email: 'per@example.se' });
      const err = await codeOf(contacts.create({ firstName: 'Per 2', email: ' PER@example.se' }));
      expect(err.code).toBe(AppErrorCode.CONFLICT);
      expect(err.message).toContain('per@example.se');
    });

    it('refuses a bad phone, email, organisation or role naming the field', async () => {
      expect((await codeOf(contacts.create({ firstName: 'A', phone: '123' }))).details).toMatchObject({
        field: 'phone',
      });
      expect((await codeOf(contacts.create({ firstName: 'A', email: 'a@b' }))).details).toMatchObject({
        field: 'email',
      });
      expect(
        (
          await codeOf(
            contacts.create({ firstName: 'A', organizationId: '00000000-0000-4000-8000-000000000000' }),
          )
        ).details,
      ).toMatchObject({ field: 'organizationId' });
      expect(
        (await codeOf(contacts.create({ firstName: 'A', roles: ['chef' as 'annan'] }))).details,
      ).toMatchObject({ field: 'roles' });
    });

    it('accepts international numbers and clears fields with null on update', async () => {
      const c = await contacts.create({ firstName: 'Ola', email: 'ola@example.no', phone: '+47 412 34 567' });
      expect(c.phone).toBe('+4741234567');
      expect(c.phoneDisplay).toBe('+47 41 23 45 67');
      const updated = await contacts.update(c.id, { phone: null, title: 'Kulturråd', lastName: 'Nordmann' });
      expect(updated).toMatchObject({
        phone: null,
        phoneDisplay: null,
        title: 'Kulturråd',
        lastName: 'Nordmann',
      });
      expect(updated.email).toBe('ola@example.no');
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(c.updatedAt.getTime());
    });

    it('refuses to change an email to one another contact has', async () => {
      const a = await contacts.create({ firstName: 'Anna', email: 'anna@example.se' });
      await contacts.create({ firstName: 'Bo', email: 'bo@example.se' });
      const err = await codeOf(contacts.update(a.id, { email: 'BO@example.se' }));
      expect(err.code).toBe(AppErrorCode.CONFLICT);
      expect(err.message).toContain('bo@example.se');
    });
  });

  describe('organisation name in search', () => {
    it('follows a rename and is dropped when the organisation is deleted', async () => {
      const org = await orgs.create({ kind: 'partner', name: 'Skådebanan Väst' });
      const c = await contacts.create({ firstName: 'Lisa', lastName: 'Ek', organizationId: org.id });
      const found = async (q: string): Promise<string[]> =>
        (await contacts.list({ filter: { q }, limit: 500 })).items.map((i) => i.id);
      expect(await found('skadebanan')).toContain(c.id);
      await orgs.update(org.id, { name: 'Folkets Hus Väst' });
      expect(await found('skadebanan')).not.toContain(c.id);
      expect(await found('folkets hus')).toContain(c.id);
      await orgs.remove(org.id);
      expect(await found('folkets hus')).not.toContain(c.id);
      const after = await contacts.get(c.id);
      expect(after.organization).toBeNull();
      expect(after.firstName).toBe('Lisa');
    });

    it('refuses an organisation whose folded name already exists', async () => {
      await orgs.create({ kind: 'member', name: 'Hemslöjden' });
      const err = await codeOf(orgs.create({ kind: 'member', name: ' hemslojden ' }));
      expect(err.code).toBe(AppErrorCode.CONFLICT);
    });
  });

  describe('search and filters', () => {
    let ids: Record<string, string>;
    beforeAll(async () => {
      const member = await orgs.create({ kind: 'member', name: 'Sveriges Körförbund' });
      const partner = await orgs.create({ kind: 'partner', name: 'Riksteatern' });
      const d = (await regions.resolveRegion('D'))!.id;
      const c = (await regions.resolveRegion('C'))!.id;
      const mk = async (key: string, input: Parameters<ContactsService['create']>[0]): Promise<void> => {
        ids[key] = (await contacts.create({ source: 'filtertest', ...input })).id;
      };
      ids = {};
      await mk('oberg', {
        firstName: 'Örjan',
        lastName: 'Öberg',
        email: 'orjan@korforbundet.se',
        organizationId: member.id,
        regionId: d,
        roles: ['kulturchef'],
        tags: ['styrelse'],
      });
      await mk('angstrom', {
        firstName: 'Märta',
        lastName: 'Ångström',
        email: 'marta@riksteatern.se',
        organizationId: partner.id,
        regionId: d,
        roles: ['ledamot'],
        elected: true,
        language: 'en',
      });
      await mk('berg', {
        firstName: 'Olle',
        lastName: 'Berg',
        email: 'olle@example.se',
        organizationId: member.id,
        regionId: c,
        roles: ['kulturchef', 'ledamot'],
        tags: ['styrelse', 'valberedning'],
      });
    });
    const find = async (filter: ContactFilter): Promise<string[]> =>
      (await contacts.list({ filter: { ...filter }, limit: 500 })).items
        .map((i) => i.id)
        .filter((id) => Object.values(ids).includes(id))
        .sort();
    const expectIds = (...keys: string[]): string[] => keys.map((k) => ids[k]).sort();

    it('finds Öberg by "oberg", "Öberg", "ÖBERG" and "öb"', async () => {
      for (const q of ['oberg', 'Öberg', 'ÖBERG', 'öb', 'orjan oberg']) {
        expect(await find({ q })).toEqual(expectIds('oberg'));
      }
    });

    it('finds Ångström typed without a Swedish keyboard, and by organisation and email', async () => {
      expect(await find({ q: 'angstrom' })).toEqual(expectIds('angstrom'));
      expect(await find({ q: 'marta' })).toEqual(expectIds('angstrom'));
      expect(await find({ q: 'korforbund' })).toEqual(expectIds('oberg', 'berg'));
      expect(await find({ q: 'olle@example' })).toEqual(expectIds('berg'));
      expect(await find({ q: '100%_x' })).toEqual([]);
    });

    it('combines filters with AND', async () => {
      const d = (await regions.resolveRegion('D'))!.id;
      expect(await find({ regionId: d })).toEqual(expectIds('oberg', 'angstrom'));
      expect(await find({ regionId: d, role: 'kulturchef' })).toEqual(expectIds('oberg'));
      expect(await find({ role: 'ledamot', organizationKind: 'member' })).toEqual(expectIds('berg'));
      expect(await find({ tag: 'styrelse', q: 'berg' })).toEqual(expectIds('oberg', 'berg'));
      expect(await find({ language: 'en' })).toEqual(expectIds('angstrom'));
      expect(await find({ elected: true })).toEqual(expectIds('angstrom'));
      expect(await find({ tag: 'valberedning', regionId: d })).toEqual([]);
    });

    it('counts on request', async () => {
      const page = await contacts.list({ filter: { q: 'korforbund' }, limit: 1, count: true });
      expect(page.total).toBe(2);
      expect(page.items).toHaveLength(1);
      expect(page.nextCursor).not.toBeNull();
    });

    it('filters by list membership', async () => {
      const lists = t.module.get(ListsService);
      const list = await lists.create({ name: 'Filterlistan' });
      await lists.addMembers(list.id, [ids.berg]);
      expect(await find({ listId: list.id })).toEqual(expectIds('berg'));
    });
  });

  describe('keyset paging', () => {
    const source = 'pagingtest';
    beforeAll(async () => {
      // 157 contacts with many tied names and some without email, inserted with equal timestamps in groups.
      await t.dataSource.query(
        `INSERT INTO contacts (first_name, last_name, email, source, search_text, created_at, updated_at)
         SELECT 'F' || (g % 3), 'L' || (g % 5),
                CASE WHEN g % 7 = 0 THEN NULL ELSE 'p' || (g % 40) || '.' || g || '@paging.test' END,
                $1, 'pagingtest', timestamp '2026-01-01' + (g / 10) * interval '1 second' + (g % 3) * interval '1 microsecond',
                timestamp '2026-02-01' + (g % 4) * interval '1 minute'
           FROM generate_series(1, 157) g`,
        [source],
      );
    });

    const orderings: [ContactSort, SortOrder, string][] = [
      ['name', 'asc', 'last_name ASC, first_name ASC, id ASC'],
      ['name', 'desc', 'last_name DESC, first_name DESC, id DESC'],
      ['createdAt', 'asc', 'created_at ASC, id ASC'],
      ['createdAt', 'desc', 'created_at DESC, id DESC'],
      ['updatedAt', 'desc', 'updated_at DESC, id DESC'],
      ['email', 'asc', 'email ASC NULLS LAST, id ASC'],
      ['email', 'desc', 'email DESC NULLS FIRST, id DESC'],
    ];
    it.each(orderings)(
      'walks every row exactly once in order: sort=%s order=%s',
      async (sort, order, sql) => {
        const expected: { id: string }[] = await t.dataSource.query(
          `SELECT id FROM contacts WHERE search_text LIKE '%pagingtest%' ORDER BY ${sql}`,
        );
        expect(expected).toHaveLength(157);
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await contacts.list({ filter: { q: 'pagingtest' }, sort, order, limit: 10, cursor });
          seen.push(...page.items.map((i: ContactView) => i.id));
          cursor = page.nextCursor ?? undefined;
          pages++;
        } while (cursor && pages < 100);
        expect(pages).toBe(16);
        expect(seen).toEqual(expected.map((r) => r.id));
      },
    );

    it('does not repeat or skip rows when a row is inserted before the cursor', async () => {
      const first = await contacts.list({ filter: { q: 'pagingtest' }, limit: 50 });
      await t.dataSource.query(
        `INSERT INTO contacts (first_name, last_name, search_text) VALUES ('A', 'A0', 'pagingtest extra')`,
      );
      const second = await contacts.list({
        filter: { q: 'pagingtest' },
        limit: 50,
        cursor: first.nextCursor!,
      });
      const overlap = second.items.filter((i) => first.items.some((f) => f.id === i.id));
      expect(overlap).toEqual([]);
      await t.dataSource.query(`DELETE FROM contacts WHERE last_name = 'A0'`);
    });

    it('refuses a cursor from another sort or a forged one', async () => {
      const page = await contacts.list({ limit: 1 });
      expect(
        (await codeOf(contacts.list({ sort: 'email', cursor: page.nextCursor! }))).details,
      ).toMatchObject({
        field: 'cursor',
      });
      expect((await codeOf(contacts.list({ cursor: 'bm9wZQ' }))).code).toBe(AppErrorCode.VALIDATION_FAILED);
      const forged = Buffer.from(
        JSON.stringify({ s: 'name', o: 'asc', k: ["x') OR 1=1 --", 'y', 'z'] }),
      ).toString('base64url');
      expect((await codeOf(contacts.list({ cursor: forged }))).code).toBe(AppErrorCode.VALIDATION_FAILED);
    });
  });

  describe('GDPR', () => {
    it('erases the contact and its memberships, keeps a hashed suppression, reaches every holder and audits without personal data', async () => {
      const lists = t.module.get(ListsService);
      const list = await lists.create({ name: 'Raderingslistan' });
      const c = await contacts.create({ firstName: 'Greta', lastName: 'Raderad', email: 'Greta@Example.se' });
      await lists.addMembers(list.id, [c.id]);
      // A part of the system above the CRM that keeps data about her (the sending ledger, in the app): it is
      // asked to scrub inside the erasure's transaction, so it sees the contact still there.
      const erased: { contactId: string; email: string | null; contactStillThere: number }[] = [];
      t.module.get(PersonalDataHolders).register({
        section: 'prov',
        export: async () => [],
        erase: async (contactId, email, m) => {
          const rows: unknown[] = await m.query('SELECT 1 FROM contacts WHERE id = $1', [contactId]);
          erased.push({ contactId, email, contactStillThere: rows.length });
        },
      });
      expect(
        await contacts.erase(c.id, { userId: null, email: 'admin@example.se', ip: '127.0.0.1' }),
      ).toEqual({
        suppressed: true,
      });
      expect(erased).toEqual([{ contactId: c.id, email: 'greta@example.se', contactStillThere: 1 }]);
      expect(await t.dataSource.query('SELECT 1 FROM contacts WHERE id = $1', [c.id])).toHaveLength(0);
      expect(
        await t.dataSource.query('SELECT 1 FROM contact_list_members WHERE contact_id = $1', [c.id]),
      ).toHaveLength(0);
      const suppressions = t.module.get(SuppressionsService);
      expect(await suppressions.isSuppressed(' GRETA@example.se')).toBe(true);
      const [row] = await t.dataSource.query('SELECT reason FROM suppressions WHERE email_hash = $1', [
        emailHash('greta@example.se'),
      ]);
      expect(row.reason).toBe('erased');
      const audit = await t.dataSource.query(
        `SELECT action, target_id, details::text AS details FROM audit_log WHERE action = 'contact.erased'`,
      );
      expect(audit).toEqual([{ action: 'contact.erased', target_id: c.id, details: '{}' }]);
      expect(JSON.stringify(audit)).not.toMatch(/greta|raderad/i);
      expect((await codeOf(contacts.erase(c.id))).code).toBe(AppErrorCode.NOT_FOUND);
    });

    it('suppress is idempotent and keeps the first reason', async () => {
      const suppressions = t.module.get(SuppressionsService);
      await suppressions.suppress('x@example.se', 'unsubscribed', 'test');
      await suppressions.suppress('X@example.se', 'erased', 'test');
      expect((await suppressions.find('x@example.se'))?.reason).toBe('unsubscribed');
      expect(await suppressions.isSuppressed('y@example.se')).toBe(false);
    });

    it('exports everything held about a person and audits it', async () => {
      const org = await orgs.create({ kind: 'member', name: 'Exportförbundet' });
      const region = (await regions.resolveRegion('Gotland'))!;
      const c = await contacts.create({
        firstName: 'Eva',
        email: 'eva@example.se',
        organizationId: org.id,
        regionId: region.id,
        notes: 'Ringde i mars',
      });
      const lists = t.module.get(ListsService);
      const list = await lists.create({ name: 'Exportlistan' });
      await lists.addMembers(list.id, [c.id]);
      t.module.get(PersonalDataHolders).register({
        section: 'utskick',
        export: async (contactId) => [{ contactId, title: 'Inbjudan Gotland' }],
        erase: async () => undefined,
      });
      const data = await contacts.exportPersonalData(c.id, { email: 'admin@example.se' });
      // What the parts of the system above the CRM keep, each under its own heading.
      expect(data.held.utskick).toEqual([{ contactId: c.id, title: 'Inbjudan Gotland' }]);
      expect(data.contact).toMatchObject({ id: c.id, email: 'eva@example.se', notes: 'Ringde i mars' });
      expect(data.organization).toMatchObject({ id: org.id, name: 'Exportförbundet' });
      expect(data.region).toMatchObject({ code: '09', name: 'Region Gotland' });
      expect(data.lists.map((l) => l.name)).toEqual(['Exportlistan']);
      expect(data.suppression).toEqual({ suppressed: false, reason: null, since: null });
      const audit = await t.dataSource.query(
        `SELECT target_id FROM audit_log WHERE action = 'contact.exported' AND target_id = $1`,
        [c.id],
      );
      expect(audit).toHaveLength(1);
    });
  });
});
