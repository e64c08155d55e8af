import {
  AppException,
  MAX_PAGE_LIMIT,
  Page,
  pageLimit,
  PageQuery,
  pageTotalOf,
  parseStockholmTime,
  takePage,
} from '@app/common';
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
  /** What the entry is about: its kind ("user", "contact", "meeting" …), exactly. */
  targetType?: string;
  /** …and its id, exactly (with or without targetType). */
  targetId?: string;
  /** First day (yyyy-mm-dd, Stockholm) whose entries are included. */
  from?: string;
  /** Last day (yyyy-mm-dd, Stockholm) whose entries are included: the whole day. */
  to?: string;
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
    if (query.targetType) filtered.andWhere('a.targetType = :targetType', { targetType: query.targetType });
    if (query.targetId) filtered.andWhere('a.targetId = :targetId', { targetId: query.targetId });
    const { from, to } = stockholmDays(query.from, query.to);
    if (from) filtered.andWhere('a.at >= :from', { from });
    if (to) filtered.andWhere('a.at < :to', { to });
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

/**
 * The instants that bound the Stockholm days `from` … `to` (both whole days, summer time included): the start of
 * `from`, and the start of the day after `to`. A date that is not one, or `to` before `from`, is a 400 naming it.
 */
export function stockholmDays(from?: string, to?: string): { from?: Date; to?: Date } {
  const start = from === undefined ? undefined : dayStart(from, 'from');
  const end = to === undefined ? undefined : dayStart(nextDay(to, 'to'), 'to');
  if (start && end && end.getTime() <= start.getTime())
    throw AppException.validation(`to: sista dagen (${to}) är före första dagen (${from})`, { field: 'to' });
  return { from: start, to: end };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function notADay(value: string, field: string): AppException {
  return AppException.validation(`${field}: "${value}" är inget datum; skriv det som 2026-03-14`, { field });
}

function dayStart(day: string, field: string): Date {
  if (!DAY.test(day)) throw notADay(day, field);
  try {
    return parseStockholmTime(`${day}T00:00`, field);
  } catch {
    throw notADay(day, field);
  }
}

/** "2026-03-14" → "2026-03-15" (a calendar day; "2026-02-30" stays invalid for dayStart to refuse). */
function nextDay(day: string, field: string): string {
  const m = DAY.exec(day);
  if (!m) throw notADay(day, field);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    throw notADay(day, field);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
