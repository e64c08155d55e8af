import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { HOSTING_STATUSES, HostingStatus } from './hosting-status';
import { HostingStatusService } from './hosting-status.service';
import { RoundsRepository } from './rounds.repository';

const EXCEPT = (...statuses: HostingStatus[]) => HOSTING_STATUSES.filter((s) => !statuses.includes(s));

/**
 * What meetings tell the region board: a meeting scheduled in a round moves its region to `meeting_scheduled`,
 * a meeting held moves it to `meeting_held`, and the region's last scheduled meeting called off (cancelled or
 * deleted) moves it back to `agreed` (cause `meeting`), through the one owner of the status.
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

  /**
   * A meeting was cancelled or deleted; `othersScheduled`: whether the region still has another meeting in the
   * round that is not cancelled. Without one, a region at "meeting scheduled" is back at "agreed" (it said yes;
   * a new date is to be found), with a note saying why. Held stays held.
   */
  async meetingCalledOff(
    m: EntityManager,
    roundId: string,
    regionId: number,
    othersScheduled: boolean,
    note: string,
    actorUserId: string | null,
  ): Promise<void> {
    if (othersScheduled) return;
    await this.hosting.change(m, {
      roundId,
      regionId,
      to: 'agreed',
      cause: 'meeting',
      note,
      actor: { userId: actorUserId },
      onlyFrom: ['meeting_scheduled'],
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
