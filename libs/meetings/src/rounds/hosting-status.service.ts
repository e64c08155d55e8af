import { AuditActor, AuditService } from '@app/audit';
import { AppException, Clock } from '@app/common';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { HostingCause, HostingStatus } from './hosting-status';
import { RoundsRepository } from './rounds.repository';

export interface HostingStatusChange {
  roundId: string;
  regionId: number;
  to: HostingStatus;
  cause: HostingCause;
  /** The contact it concerns (asked, answered); kept as the region's asked contact when given. */
  contactId?: string | null;
  note?: string | null;
  actor?: AuditActor;
  /** Change only from these statuses (the request going out moves not_asked/asked only); else nothing. */
  onlyFrom?: readonly HostingStatus[];
}

export interface HostingStatusResult {
  from: HostingStatus;
  to: HostingStatus;
  /** False when the region already had that status (then only the activity time, and a note, are kept). */
  changed: boolean;
}

/**
 * The one owner of a region's hosting status in a round: staff by hand, the host request going out, answers,
 * the deadline, and (through the meetings) a meeting planned or held. Every change, in the caller's
 * transaction: the region's row (locked first), a line of history and an audit entry.
 */
@Injectable()
export class HostingStatusService {
  constructor(
    private readonly rounds: RoundsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async change(m: EntityManager, change: HostingStatusChange): Promise<HostingStatusResult> {
    const region = await this.rounds.lockRegion(m, change.roundId, change.regionId);
    if (!region) throw AppException.notFound('Regionen i omgången', change.regionId);
    if (change.onlyFrom && !change.onlyFrom.includes(region.status))
      return { from: region.status, to: region.status, changed: false };
    const note = change.note?.trim() ? change.note.trim() : null;
    const changed = region.status !== change.to;
    await this.rounds.setRegion(m, change.roundId, change.regionId, {
      status: change.to,
      at: this.clock.now(),
      askedContactId: change.contactId ?? undefined,
      note: note ?? undefined,
    });
    if (changed || note) {
      await this.rounds.insertRegionEvent(m, {
        roundId: change.roundId,
        regionId: change.regionId,
        from: region.status,
        to: change.to,
        cause: change.cause,
        contactId: change.contactId ?? null,
        note,
        actorUserId: change.actor?.userId ?? null,
      });
      await this.audit.record(
        {
          action: 'round.region_status_changed',
          actor: change.actor,
          targetType: 'round',
          targetId: change.roundId,
          details: {
            regionId: change.regionId,
            from: region.status,
            to: change.to,
            cause: change.cause,
            ...(change.contactId ? { contactId: change.contactId } : {}),
            ...(note ? { note } : {}),
          },
        },
        m,
      );
    }
    return { from: region.status, to: change.to, changed };
  }
}
