import { MAX_PAGE_LIMIT, Page, pageLimit, PageQuery, pageTotalOf, takePage } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';

export const AUDIT_PAGE_DEFAULT = 50;
/** The most of every list (libs/common paging). */
export const AUDIT_PAGE_MAX = MAX_PAGE_LIMIT;

/** `cursor`: the previous page's nextCursor, an entry id; entries below it follow. */
export interface AuditQuery extends PageQuery {
  /** The same as `cursor` (its older name, the previous page's nextBefore). */
  before?: string;
  /** Prefix match: "auth." gives every login and logout, "user." every user change. */
  action?: string;
  actorUserId?: string;
}

export interface AuditPage extends Page<AuditEntry> {
  /** The same as nextCursor (its older name): pass as `before` to get the next (older) page. */
  nextBefore: string | null;
}

/** Reads the audit log newest first with keyset paging on the bigserial id (stable while new entries arrive). */
@Injectable()
export class AuditQueryService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /**
   * One page, newest first, with the total of entries matching the filters: exact up to the threshold of
   * libs/common paging, estimated above (the log only grows).
   */
  async list(query: AuditQuery): Promise<AuditPage> {
    const limit = pageLimit(query.limit, AUDIT_PAGE_DEFAULT);
    const filtered = this.entries.createQueryBuilder('a');
    if (query.action) {
      filtered.andWhere(`a.action LIKE :action ESCAPE '\\'`, { action: `${escapeLike(query.action)}%` });
    }
    if (query.actorUserId) filtered.andWhere('a.actorUserId = :actor', { actor: query.actorUserId });
    const qb = filtered
      .clone()
      .orderBy('a.id', 'DESC')
      .limit(limit + 1);
    const before = query.cursor ?? query.before;
    if (before !== undefined) qb.andWhere('a.id < :before', { before });
    const [rows, total] = await Promise.all([qb.getMany(), pageTotalOf(filtered)]);
    const page = takePage(rows, limit, (last) => last.id);
    return { items: page.rows, nextCursor: page.nextCursor, nextBefore: page.nextCursor, ...total };
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
