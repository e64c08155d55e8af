import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { HostingStatus } from './hosting-status';

/**
 * What meetings tell the region board: a meeting scheduled in a round moves its region to `meeting_scheduled`,
 * a meeting held moves it to `meeting_held`. The one place where meetings write round_regions and
 * round_region_events (cause `meeting`), kept apart so it can be swapped for the rounds' own
 * HostingStatusService once that is merged: replace the two methods' bodies with calls into it.
 */
@Injectable()
export class RegionStatusSync {
  /** Whether the round exists (a meeting belongs to one). */
  async roundExists(m: EntityManager, roundId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM rounds WHERE id = $1`, [roundId]);
    return rows.length > 0;
  }

  meetingScheduled(
    m: EntityManager,
    roundId: string,
    regionId: number,
    actorUserId: string | null,
  ): Promise<void> {
    // Never back from held: a second meeting planned in a region that already met leaves it "held".
    return this.move(
      m,
      roundId,
      regionId,
      'meeting_scheduled',
      ['meeting_scheduled', 'meeting_held'],
      actorUserId,
    );
  }

  meetingHeld(
    m: EntityManager,
    roundId: string,
    regionId: number,
    actorUserId: string | null,
  ): Promise<void> {
    return this.move(m, roundId, regionId, 'meeting_held', ['meeting_held'], actorUserId);
  }

  private async move(
    m: EntityManager,
    roundId: string,
    regionId: number,
    to: HostingStatus,
    alreadyThere: HostingStatus[],
    actorUserId: string | null,
  ): Promise<void> {
    // The round's row for the region (made with the round; made here if the round predates that).
    await m.query(`INSERT INTO round_regions (round_id, region_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      roundId,
      regionId,
    ]);
    const [row]: { status: HostingStatus }[] = await m.query(
      `SELECT status FROM round_regions WHERE round_id = $1 AND region_id = $2 FOR UPDATE`,
      [roundId, regionId],
    );
    if (alreadyThere.includes(row.status)) return;
    await m.query(
      `UPDATE round_regions SET status = $3, last_activity_at = clock_timestamp()
        WHERE round_id = $1 AND region_id = $2`,
      [roundId, regionId, to],
    );
    await m.query(
      `INSERT INTO round_region_events (round_id, region_id, from_status, to_status, cause, actor_user_id)
       VALUES ($1, $2, $3, $4, 'meeting', $5)`,
      [roundId, regionId, row.status, to, actorUserId],
    );
  }
}
