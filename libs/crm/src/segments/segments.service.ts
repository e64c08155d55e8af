import { AppException } from '@app/common';
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

export interface SegmentPreview {
  count: number;
  items: ContactView[];
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

  async list(): Promise<SegmentView[]> {
    return (await this.dataSource.getRepository(Segment).find({ order: { name: 'ASC', id: 'ASC' } })).map(
      (s) => this.toView(s),
    );
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

  async preview(id: string, limit = DEFAULT_PREVIEW_SIZE): Promise<SegmentPreview> {
    const segment = await this.findOrFail(id);
    return this.previewFilter(segment.filter, limit);
  }

  /** Count and first contacts (by name) of a filter that need not be saved. */
  async previewFilter(rawFilter: unknown, limit = DEFAULT_PREVIEW_SIZE): Promise<SegmentPreview> {
    const filter = await this.audience.filterFor({ filter: rawFilter as ContactFilter });
    const [count, page] = await Promise.all([
      this.audience.count({ filter }),
      this.contacts.list({ filter, limit }),
    ]);
    return { count, items: page.items };
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
