import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { HOSTING_STATUSES, HostingStatus } from './hosting-status';
import { HostingStatusService } from './hosting-status.service';
import { RoundsRepository } from './rounds.repository';

const EXCEPT = (...statuses: HostingStatus[]) => HOSTING_STATUSES.filter((s) => !statuses.includes(s));

/**
 * What meetings tell the region board: a meeting scheduled in a round moves its region to `meeting_scheduled`,
 * a meeting held moves it to `meeting_held` (cause `meeting`), through the one owner of the status.
 */
@Injectable()
export class RegionStatusSync {
  constructor(
    private readonly hosting: HostingStatusService,
    private readonly rounds: RoundsRepository,
  ) {}

  /** Whether the round exists (a meeting belongs to one). */
  async roundExists(m: EntityManager, roundId: string): Promise<boolean> {
    return (await this.rounds.findRound(roundId, m)) !== null;
  }

  async meetingScheduled(
    m: EntityManager,
    roundId: string,
    regionId: number,
    actorUserId: string | null,
  ): Promise<void> {
    // Never back from held: a second meeting planned in a region that already met leaves it "held".
    await this.hosting.change(m, {
      roundId,
      regionId,
      to: 'meeting_scheduled',
      cause: 'meeting',
      actor: { userId: actorUserId },
      onlyFrom: EXCEPT('meeting_scheduled', 'meeting_held'),
    });
  }

  async meetingHeld(
    m: EntityManager,
    roundId: string,
    regionId: number,
    actorUserId: string | null,
  ): Promise<void> {
    await this.hosting.change(m, {
      roundId,
      regionId,
      to: 'meeting_held',
      cause: 'meeting',
      actor: { userId: actorUserId },
      onlyFrom: EXCEPT('meeting_held'),
    });
  }
}
