import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

export interface AuditQuery {
  /** Only entries with an id below this one (the previous page's nextBefore). */
  before?: string;
  limit?: number;
  /** Prefix match: "auth." gives every login and logout, "user." every user change. */
  action?: string;
  actorUserId?: string;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `before` to get the next (older) page; null on the last page. */
  nextBefore: string | null;
}

/** Reads the audit log newest first with keyset paging on the bigserial id (stable while new entries arrive). */
@Injectable()
export class AuditQueryService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  async list(query: AuditQuery): Promise<AuditPage> {
    const limit = Math.min(Math.max(query.limit ?? AUDIT_PAGE_DEFAULT, 1), AUDIT_PAGE_MAX);
    const qb = this.entries
      .createQueryBuilder('a')
      .orderBy('a.id', 'DESC')
      .limit(limit + 1);
    if (query.before !== undefined) qb.andWhere('a.id < :before', { before: query.before });
    if (query.action) {
      qb.andWhere(`a.action LIKE :action ESCAPE '\\'`, { action: `${escapeLike(query.action)}%` });
    }
    if (query.actorUserId) qb.andWhere('a.actorUserId = :actor', { actor: query.actorUserId });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    return { items, nextBefore: rows.length > limit ? items[items.length - 1].id : null };
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
