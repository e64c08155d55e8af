import {
  AppException,
  decodeKeysetCursor,
  encodeKeysetCursor,
  Page,
  pageLimit,
  PageQuery,
  pageTotalOf,
  takePage,
} from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ContactFilter } from '../contacts/contact-filter';
import { parseContactFilter } from '../contacts/contact-filter-validation';
import { ContactView } from '../contacts/contact-input';
import { ContactsService } from '../contacts/contacts.service';
import { isUniqueViolation } from '../contacts/pg-errors';
import { AudienceService } from './audience.service';
import { Segment } from './segment.entity';

export interface SegmentInput {
  name?: string;
  description?: string | null;
  filter?: unknown;
}

export interface SegmentView {
  id: string;
  name: string;
  description: string | null;
  filter: ContactFilter;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A page of the contacts a filter matches (by name), counted exactly: a preview answers "how many would this
 * reach". `count` is `total` under its older name.
 */
export interface SegmentPreview extends Page<ContactView> {
  count: number;
}

export const DEFAULT_PREVIEW_SIZE = 20;

/** Saved filters over contacts: membership is whoever matches when the segment is used. */
@Injectable()
export class SegmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audience: AudienceService,
    private readonly contacts: ContactsService,
  ) {}

  /** The segments by name, keyset-paged on (name, id). */
  async list(query: PageQuery = {}): Promise<Page<SegmentView>> {
    const limit = pageLimit(query.limit);
    const all = this.dataSource.getRepository(Segment).createQueryBuilder('s');
    const qb = all
      .clone()
      .orderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit + 1);
    if (query.cursor) {
      const [name, id] = decodeKeysetCursor(query.cursor, ['text', 'uuid']);
      qb.where('(s.name, s.id) > (:name, CAST(:id AS uuid))', { name, id });
    }
    const [rows, total] = await Promise.all([qb.getMany(), pageTotalOf(all)]);
    const page = takePage(rows, limit, (last) => encodeKeysetCursor([last.name, last.id]));
    return { items: page.rows.map((s) => this.toView(s)), nextCursor: page.nextCursor, ...total };
  }

  async get(id: string): Promise<SegmentView & { count: number }> {
    const segment = await this.findOrFail(id);
    return { ...this.toView(segment), count: await this.audience.count({ segmentId: id }) };
  }

  async create(input: SegmentInput): Promise<SegmentView> {
    const name = this.validName(input.name);
    if (input.filter === undefined) {
      throw AppException.validation('Fältet filter saknas', { field: 'filter' });
    }
    const filter = parseContactFilter(input.filter);
    try {
      const saved = await this.dataSource.getRepository(Segment).save({
        name,
        description: input.description?.trim() || null,
        filter,
      });
      return this.toView(saved);
    } catch (err) {
      throw this.translateConflict(err, name);
    }
  }

  async update(id: string, input: SegmentInput): Promise<SegmentView> {
    await this.findOrFail(id);
    const patch: Partial<Segment> = {};
    if (input.name !== undefined) patch.name = this.validName(input.name);
    if (input.description !== undefined) patch.description = input.description?.trim() || null;
    if (input.filter !== undefined) patch.filter = parseContactFilter(input.filter);
    if (Object.keys(patch).length > 0) {
      try {
        // save() rather than update(): TypeORM's update typing cannot express a jsonb object column.
        await this.dataSource.getRepository(Segment).save({ id, ...patch });
      } catch (err) {
        throw this.translateConflict(err, patch.name ?? '');
      }
    }
    return this.toView(await this.findOrFail(id));
  }

  async remove(id: string): Promise<void> {
    const res = await this.dataSource.getRepository(Segment).delete({ id });
    if (!res.affected) throw AppException.notFound('Segmentet', id);
  }

  async preview(id: string, query: PageQuery = {}): Promise<SegmentPreview> {
    const segment = await this.findOrFail(id);
    return this.previewFilter(segment.filter, query);
  }

  /**
   * The contacts (by name, paged like the contact list) of a filter that need not be saved, with their exact
   * count: the same filter and query a campaign's audience uses.
   */
  async previewFilter(rawFilter: unknown, query: PageQuery = {}): Promise<SegmentPreview> {
    const filter = await this.audience.filterFor({ filter: rawFilter as ContactFilter });
    const page = await this.contacts.list({
      filter,
      limit: query.limit ?? DEFAULT_PREVIEW_SIZE,
      cursor: query.cursor,
      count: true,
    });
    return { ...page, count: page.total };
  }

  private async findOrFail(id: string): Promise<Segment> {
    const segment = await this.dataSource.getRepository(Segment).findOne({ where: { id } });
    if (!segment) throw AppException.notFound('Segmentet', id);
    return segment;
  }

  private validName(name: string | undefined): string {
    const n = (name ?? '').replace(/\s+/g, ' ').trim();
    if (!n) throw AppException.validation('Fältet name får inte vara tomt', { field: 'name' });
    return n;
  }

  private translateConflict(err: unknown, name: string): unknown {
    return isUniqueViolation(err)
      ? AppException.conflict(`Det finns redan ett segment med namnet ${name}`, { field: 'name', name })
      : err;
  }

  private toView(s: Segment): SegmentView {
    return {
      id: s.id,
      name: s.name,
      description: s.description,
      filter: s.filter,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    };
  }
}
