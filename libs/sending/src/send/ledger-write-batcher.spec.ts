import { SystemClock } from '@app/common';
import type { ClaimedRow, Delivered, LedgerRepository } from '../ledger/ledger.repository';
import { LedgerWriteBatcher } from './ledger-write-batcher';

/**
 * A ledger that answers each statement when the test says so, and claims each claimable row once, as the
 * conditional UPDATE does.
 */
function fakeLedger(claimable: string[]) {
  const open = new Set(claimable);
  const statements: {
    delivered: string[];
    claimIds: string[];
    release: () => void;
    fail: (e: Error) => void;
  }[] = [];
  const ledger = {
    recordSentAndClaimMany: (delivered: Delivered[], claimIds: string[]) =>
      new Promise<Map<string, ClaimedRow>>((resolve, reject) => {
        statements.push({
          delivered: delivered.map((d) => d.id),
          claimIds,
          release: () => {
            const claimed = new Map<string, ClaimedRow>();
            for (const id of claimIds) {
              if (!open.delete(id)) continue;
              claimed.set(id, { id } as ClaimedRow);
            }
            resolve(claimed);
          },
          fail: reject,
        });
      }),
  };
  return { ledger: ledger as unknown as LedgerRepository, statements };
}

const delivered = (id: string): Delivered => ({
  id,
  attempts: 1,
  smtpResponse: '250 Ok',
  messageId: `${id}@x`,
});
const settle = () => new Promise((r) => setImmediate(r));

describe('LedgerWriteBatcher', () => {
  it('sends a lone step at once, and the steps asked meanwhile together in the next statement', async () => {
    const { ledger, statements } = fakeLedger(['1', '2', '3', '4']);
    const batcher = new LedgerWriteBatcher(ledger, new SystemClock());
    const first = batcher.step(undefined, '1');
    expect(statements).toHaveLength(1);
    const others = [
      batcher.step(delivered('a'), '2'),
      batcher.step(delivered('b'), '3'),
      batcher.step(delivered('c'), undefined),
    ];
    // Still one statement: the others wait for it.
    expect(statements).toHaveLength(1);
    statements[0].release();
    await expect(first).resolves.toMatchObject({ id: '1' });
    await settle();
    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatchObject({ delivered: ['a', 'b', 'c'], claimIds: ['2', '3'] });
    statements[1].release();
    const [two, three, none] = await Promise.all(others);
    expect(two).toMatchObject({ id: '2' });
    expect(three).toMatchObject({ id: '3' });
    expect(none).toBeNull();
  });

  it('never lets two steps of one statement claim the same row: the second asks again, and finds it taken', async () => {
    const { ledger, statements } = fakeLedger(['7']);
    const batcher = new LedgerWriteBatcher(ledger, new SystemClock());
    const blocker = batcher.step(undefined, undefined);
    const a = batcher.step(undefined, '7');
    const b = batcher.step(undefined, '7');
    statements[0].release();
    await blocker;
    await settle();
    expect(statements[1].claimIds).toEqual(['7']);
    statements[1].release();
    await expect(a).resolves.toMatchObject({ id: '7' });
    await settle();
    expect(statements[2].claimIds).toEqual(['7']);
    statements[2].release();
    await expect(b).resolves.toBeNull();
  });

  it('fails every step of a failed statement (none of them happened), and goes on with the next', async () => {
    const { ledger, statements } = fakeLedger(['1', '2']);
    const batcher = new LedgerWriteBatcher(ledger, new SystemClock());
    const first = batcher.step(delivered('a'), '1');
    const second = batcher.step(delivered('b'), '2');
    statements[0].fail(new Error('anslutningen bröts'));
    await expect(first).rejects.toThrow('anslutningen bröts');
    await settle();
    statements[1].release();
    await expect(second).resolves.toMatchObject({ id: '2' });
    const later = batcher.step(undefined, '1');
    expect(statements).toHaveLength(3);
    statements[2].release();
    await expect(later).resolves.toMatchObject({ id: '1' });
  });
});
