import { DueSendsSource, SendingPorts } from '@app/sending';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HostingStatusService } from './hosting-status.service';
import { RoundsRepository } from './rounds.repository';

/**
 * When a round's answer deadline has ended (the end of that day, Stockholm), regions still `asked` become
 * `no_answer`. Asked by the sending engine's maintenance job on every run, like the sends that fall due: each
 * region is changed under its own row lock, taken with SKIP LOCKED and re-checked, so two workers at once, or
 * a run repeated, change each region once.
 */
@Injectable()
export class RoundDeadlines implements DueSendsSource, OnModuleInit {
  readonly name = 'round-deadlines';
  private readonly logger = new Logger('RoundDeadlines');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ports: SendingPorts,
    private readonly rounds: RoundsRepository,
    private readonly hosting: HostingStatusService,
  ) {}

  onModuleInit(): void {
    this.ports.registerDueSends(this);
  }

  /** Moves silent regions to no_answer; answers nothing (no mailing is started). */
  async startDue(now: Date): Promise<string[]> {
    const changed = await this.expire(now);
    if (changed > 0) this.logger.log({ regions: changed }, 'Regioner utan svar efter sista svarsdag');
    return [];
  }

  /** The number of regions it moved. */
  async expire(now: Date): Promise<number> {
    let changed = 0;
    for (const { roundId, regionId } of await this.rounds.silentAfterDeadline(now)) {
      const moved = await this.dataSource.transaction(async (m) => {
        if (!(await this.rounds.lockAskedRegion(m, roundId, regionId))) return false;
        await this.hosting.change(m, { roundId, regionId, to: 'no_answer', cause: 'deadline' });
        return true;
      });
      if (moved) changed++;
    }
    return changed;
  }
}
