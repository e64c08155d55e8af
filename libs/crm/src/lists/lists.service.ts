import {
  AppException,
  decodeKeysetCursor,
  encodeKeysetCursor,
  Page,
  pageLimit,
  PageQuery,
  pageTotal,
  takePage,
} from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ContactPageQuery, ContactView } from '../contacts/contact-input';
import { ContactsService } from '../contacts/contacts.service';
import { isUniqueViolation } from '../contacts/pg-errors';
import { ContactListMember } from './contact-list-member.entity';
import { ContactList } from './contact-list.entity';

export interface ContactListInput {
  name?: string;
  description?: string | null;
}

export interface ContactListView {
  id: string;
  name: string;
  description: string | null;
  memberCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Most ids one request may add or remove: keeps one statement's parameters bounded. */
export const MAX_MEMBERS_PER_REQUEST = 10_000;

/** Static lists: membership is explicit, changed only by staff. */
@Injectable()
export class ListsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contacts: ContactsService,
  ) {}

  /** The lists by name, keyset-paged on (name, id); every list is counted (there are few). */
  async list(query: PageQuery = {}): Promise<Page<ContactListView>> {
    const limit = pageLimit(query.limit);
    const params: unknown[] = [limit + 1];
    let seek = '';
    if (query.cursor) {
      const [name, id] = decodeKeysetCursor(query.cursor, ['text', 'uuid']);
      params.push(name, id);
      seek = 'WHERE (l.name, l.id) > ($2, $3::uuid)';
    }
    const [rows, total] = await Promise.all([
      this.dataSource.query(
        `SELECT l.id, l.name, l.description, l.created_at AS "createdAt", l.updated_at AS "updatedAt",
                (SELECT count(*)::int FROM contact_list_members m WHERE m.list_id = l.id) AS "memberCount"
           FROM contact_lists l ${seek} ORDER BY l.name, l.id LIMIT $1`,
        params,
      ) as Promise<ContactListView[]>,
      pageTotal(this.dataSource, 'SELECT 1 FROM contact_lists', []),
    ]);
    const page = takePage(rows, limit, (last) => encodeKeysetCursor([last.name, last.id]));
    return { items: page.rows, nextCursor: page.nextCursor, ...total };
  }

  async get(id: string): Promise<ContactListView> {
    const rows: ContactListView[] = await this.dataSource.query(
      `SELECT l.id, l.name, l.description, l.created_at AS "createdAt", l.updated_at AS "updatedAt",
              (SELECT count(*)::int FROM contact_list_members m WHERE m.list_id = l.id) AS "memberCount"
         FROM contact_lists l WHERE l.id = $1`,
      [id],
    );
    if (rows.length === 0) throw AppException.notFound('Listan', id);
    return rows[0];
  }

  async create(input: ContactListInput): Promise<ContactListView> {
    const name = this.validName(input.name);
    try {
      const saved = await this.dataSource.getRepository(ContactList).save({
        name,
        description: input.description?.trim() || null,
      });
      return this.get(saved.id);
    } catch (err) {
      throw this.translateConflict(err, name);
    }
  }

  async update(id: string, input: ContactListInput): Promise<ContactListView> {
    await this.ensureExists(this.dataSource.manager, id);
    const patch: Partial<ContactList> = {};
    if (input.name !== undefined) patch.name = this.validName(input.name);
    if (input.description !== undefined) patch.description = input.description?.trim() || null;
    if (Object.keys(patch).length > 0) {
      try {
        await this.dataSource.getRepository(ContactList).update({ id }, patch);
      } catch (err) {
        throw this.translateConflict(err, patch.name ?? '');
      }
    }
    return this.get(id);
  }

  /** The list and its memberships go; the contacts stay. */
  async remove(id: string): Promise<void> {
    const res = await this.dataSource.getRepository(ContactList).delete({ id });
    if (!res.affected) throw AppException.notFound('Listan', id);
  }

  /** Adds contacts; ones already on the list are ignored. Unknown ids refuse the whole request, naming them. */
  async addMembers(id: string, contactIds: string[]): Promise<{ added: number; memberCount: number }> {
    const ids = this.validIds(contactIds);
    const added = await this.dataSource.transaction(async (m) => {
      await this.ensureExists(m, id);
      const known: { id: string }[] = await m.query(`SELECT id FROM contacts WHERE id = ANY($1::uuid[])`, [
        ids,
      ]);
      const knownSet = new Set(known.map((r) => r.id));
      const unknown = ids.filter((c) => !knownSet.has(c));
      if (unknown.length > 0) {
        throw AppException.validation(`Okända kontakter i fältet contactIds: ${unknown.join(', ')}`, {
          field: 'contactIds',
          unknownIds: unknown,
        });
      }
      const inserted: unknown[] = await m.query(
        `INSERT INTO contact_list_members (list_id, contact_id)
         SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING contact_id`,
        [id, ids],
      );
      await m.query(`UPDATE contact_lists SET updated_at = now() WHERE id = $1`, [id]);
      return inserted.length;
    });
    return { added, memberCount: (await this.get(id)).memberCount };
  }

  async removeMembers(id: string, contactIds: string[]): Promise<{ removed: number; memberCount: number }> {
    const ids = this.validIds(contactIds);
    const removed = await this.dataSource.transaction(async (m) => {
      await this.ensureExists(m, id);
      const res = await m.getRepository(ContactListMember).delete({ listId: id, contactId: In(ids) });
      await m.query(`UPDATE contact_lists SET updated_at = now() WHERE id = $1`, [id]);
      return res.affected ?? 0;
    });
    return { removed, memberCount: (await this.get(id)).memberCount };
  }

  /** Members, paged, filtered and counted exactly like the contact list. */
  async members(id: string, query: ContactPageQuery = {}): Promise<Page<ContactView>> {
    await this.ensureExists(this.dataSource.manager, id);
    return this.contacts.list({ ...query, filter: { ...(query.filter ?? {}), listId: id } });
  }

  private async ensureExists(m: EntityManager, id: string): Promise<void> {
    if (!(await m.getRepository(ContactList).exists({ where: { id } }))) {
      throw AppException.notFound('Listan', id);
    }
  }

  private validName(name: string | undefined): string {
    const n = (name ?? '').replace(/\s+/g, ' ').trim();
    if (!n) throw AppException.validation('Fältet name får inte vara tomt', { field: 'name' });
    return n;
  }

  private validIds(contactIds: string[]): string[] {
    const ids = [...new Set(contactIds.map((c) => c.toLowerCase()))];
    if (ids.length === 0) {
      throw AppException.validation('Fältet contactIds får inte vara tomt', { field: 'contactIds' });
    }
    if (ids.length > MAX_MEMBERS_PER_REQUEST) {
      throw AppException.validation(
        `Fältet contactIds får innehålla högst ${MAX_MEMBERS_PER_REQUEST} id:n per anrop`,
        { field: 'contactIds' },
      );
    }
    return ids;
  }

  private translateConflict(err: unknown, name: string): unknown {
    return isUniqueViolation(err)
      ? AppException.conflict(`Det finns redan en lista med namnet ${name}`, { field: 'name', name })
      : err;
  }
}
