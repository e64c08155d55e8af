import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';

/** Who did something: the logged-in staff member, or nobody (system, anonymous login attempt). */
export interface AuditActor {
  userId?: string | null;
  email?: string | null;
  ip?: string | null;
}

export interface AuditRecord {
  action: string;
  actor?: AuditActor;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** Append-only audit log: logins, user changes, imports, exports, sends, erasures. Never store secrets here. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Pass `manager` to write the entry in the same transaction as the change it records. */
  async record(record: AuditRecord, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditEntry) : this.entries;
    await repo.insert({
      // TypeORM's insert type cannot express an arbitrary jsonb object; the column is jsonb.
      details: (record.details ?? {}) as object,
      action: record.action,
      actorUserId: record.actor?.userId ?? null,
      actorEmail: record.actor?.email ?? null,
      ip: record.actor?.ip ?? null,
      targetType: record.targetType ?? null,
      targetId: record.targetId ?? null,
    });
  }
}
