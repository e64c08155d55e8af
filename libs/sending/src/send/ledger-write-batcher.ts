import { Clock } from '@app/common';
import { Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { ClaimedRow, Delivered, LedgerRepository } from '../ledger/ledger.repository';

/** Who claims: written on each claimed row, so staff can tell which process an uncertain row died in. */
export const CLAIMING_WORKER = `${hostname()}:${process.pid}`;

/** One job's request: a delivery to record, a row to claim, or both (the usual step from one message to the next). */
interface Request {
  delivered?: Delivered;
  claimId?: string;
  resolve: (row: ClaimedRow | null) => void;
  reject: (err: unknown) => void;
}

/**
 * Gathers the record-and-claim steps of this process's send jobs into one statement at a time: while one
 * statement is in flight, the steps asked meanwhile wait and go together in the next. A lone job is not held
 * back (its step goes at once when nothing is in flight); eight jobs cost about one commit per turn instead of
 * eight. Nothing changes for the ledger: a job still claims one row at a time, and a step's delivery and claim
 * are in the same commit, so a crash leaves at most one row per job in `sending`.
 */
@Injectable()
export class LedgerWriteBatcher {
  private waiting: Request[] = [];
  private inFlight = false;

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Records `delivered` (if any) and claims `claimId` (if any): the claimed row, or null when it was not
   * claimable. Rejects if the statement failed; then neither happened.
   */
  step(delivered: Delivered | undefined, claimId: string | undefined): Promise<ClaimedRow | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ delivered, claimId, resolve, reject });
      if (!this.inFlight) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.inFlight = true;
    try {
      while (this.waiting.length > 0) {
        const batch: Request[] = [];
        const later: Request[] = [];
        const claimIds = new Set<string>();
        for (const request of this.waiting) {
          // The same row asked for twice (a job delivered twice by the queue) waits for the next statement, where
          // it is no longer claimable: one statement claims a row once, and both would read it back as theirs.
          if (request.claimId !== undefined && claimIds.has(request.claimId)) later.push(request);
          else {
            if (request.claimId !== undefined) claimIds.add(request.claimId);
            batch.push(request);
          }
        }
        this.waiting = later;
        try {
          const claimed = await this.ledger.recordSentAndClaimMany(
            batch.flatMap((r) => (r.delivered ? [r.delivered] : [])),
            [...claimIds],
            this.clock.now(),
            CLAIMING_WORKER,
          );
          for (const r of batch) r.resolve(r.claimId === undefined ? null : (claimed.get(r.claimId) ?? null));
        } catch (err) {
          for (const r of batch) r.reject(err);
        }
      }
    } finally {
      this.inFlight = false;
    }
  }
}
