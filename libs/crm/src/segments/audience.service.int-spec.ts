import { AppErrorCode, AppException } from '@app/common';
import { ContactsService } from '../contacts/contacts.service';
import { createCrmIntContext, CrmIntContext } from '../contacts/test-support/crm-int-context';
import { ListsService } from '../lists/lists.service';
import { AudienceService } from './audience.service';
import { SegmentsService } from './segments.service';

describe('AudienceService (PostgreSQL)', () => {
  let t: CrmIntContext;
  let audience: AudienceService;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createCrmIntContext();
    audience = t.module.get(AudienceService);
    const contacts = t.module.get(ContactsService);
    ids.push((await contacts.create({ firstName: 'A', roles: ['kulturchef'], language: 'en' })).id);
    ids.push((await contacts.create({ firstName: 'B', roles: ['kulturchef'] })).id);
    ids.push((await contacts.create({ firstName: 'C', roles: ['medlem'] })).id);
  });
  afterAll(async () => {
    await t.close();
  });

  const idsOf = async (a: Parameters<AudienceService['queryFor']>[0]): Promise<string[]> =>
    (
      await (
        await audience.queryFor(a)
      )
        .select('c.id', 'id')
        .orderBy('c.first_name')
        .getRawMany<{ id: string }>()
    ).map((r) => r.id);

  it('turns a list, a segment and a filter into the same kind of query', async () => {
    const list = await t.module.get(ListsService).create({ name: 'L' });
    await t.module.get(ListsService).addMembers(list.id, [ids[0], ids[2]]);
    const segment = await t.module.get(SegmentsService).create({ name: 'S', filter: { role: 'kulturchef' } });
    expect(await idsOf({ listId: list.id })).toEqual([ids[0], ids[2]]);
    expect(await idsOf({ segmentId: segment.id })).toEqual([ids[0], ids[1]]);
    expect(await idsOf({ filter: { role: 'kulturchef', language: 'en' } })).toEqual([ids[0]]);
    expect(await audience.count({ segmentId: segment.id })).toBe(2);
  });

  it('is usable for an INSERT … SELECT snapshot inside a transaction', async () => {
    const segment = await t.module.get(SegmentsService).create({ name: 'S2', filter: { role: 'medlem' } });
    const n = await t.dataSource.transaction(async (m) => {
      const qb = (await audience.queryFor({ segmentId: segment.id }, m)).select('c.id', 'id');
      const [sql, params] = qb.getQueryAndParameters();
      const rows: { id: string }[] = await m.query(`SELECT id FROM (${sql}) s`, params);
      return rows.length;
    });
    expect(n).toBe(1);
  });

  it('answers 404 for a missing list or segment, and refuses a stored filter with unknown fields', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(audience.queryFor({ listId: missing })).rejects.toMatchObject({
      code: AppErrorCode.NOT_FOUND,
    });
    await expect(audience.queryFor({ segmentId: missing })).rejects.toMatchObject({
      code: AppErrorCode.NOT_FOUND,
    });
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO segments (name, filter) VALUES ('gammal', '{"everyone": true}') RETURNING id`,
    );
    await expect(audience.queryFor({ segmentId: id })).rejects.toBeInstanceOf(AppException);
  });
});
