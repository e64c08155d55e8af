import type { JobProducer } from '@app/queue';
import type { LedgerRepository } from '../ledger/ledger.repository';
import { retryDelayMs } from './retry-backoff';
import { SendJobs } from './send-jobs.service';
import { SEND_BLOCK_SIZE, sendBlockJobId, sendBlockOf, sendJobId } from './send-job-ids';

describe('retryDelayMs', () => {
  it('doubles per attempt with ±25 % jitter', () => {
    expect(retryDelayMs(1, 1000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(2, 1000, () => 0.5)).toBe(2000);
    expect(retryDelayMs(4, 1000, () => 0.5)).toBe(8000);
    expect(retryDelayMs(3, 1000, () => 0)).toBe(3000);
    expect(retryDelayMs(3, 1000, () => 0.999999)).toBe(5000);
  });

  it('never waits more than about an hour', () => {
    expect(retryDelayMs(40, 60_000, () => 0.5)).toBe(3600_000);
  });
});

describe('sendJobId', () => {
  it('is deterministic per (recipient, attempts) and has no colon (BullMQ refuses those)', () => {
    expect(sendJobId('42', 0)).toBe(sendJobId('42', 0));
    expect(sendJobId('42', 1)).not.toBe(sendJobId('42', 0));
    expect(sendJobId('42', 0)).not.toContain(':');
  });
});

describe('send blocks', () => {
  it('puts 25 consecutive ids in one block, the same for every id in it', () => {
    expect(sendBlockOf('0')).toEqual({ firstId: '0', lastId: '24' });
    expect(sendBlockOf('24')).toEqual({ firstId: '0', lastId: '24' });
    expect(sendBlockOf('25')).toEqual({ firstId: '25', lastId: '49' });
    expect(sendBlockOf('1049')).toEqual({ firstId: '1025', lastId: '1049' });
    expect(SEND_BLOCK_SIZE).toBe(25);
  });

  it('is exact beyond 2^53 (ids are bigint)', () => {
    expect(sendBlockOf('9007199254740993')).toEqual({
      firstId: '9007199254740975',
      lastId: '9007199254740999',
    });
  });

  it('names a block job by campaign and first id, without colons', () => {
    const id = sendBlockJobId('0b6c1f9e-8c1e-4a57-a1a3-5b1f0e3c2d11', '25');
    expect(id).toBe('block-0b6c1f9e-8c1e-4a57-a1a3-5b1f0e3c2d11-25');
    expect(id).not.toContain(':');
  });
});

describe('SendJobs.enqueueRow', () => {
  type Added = { jobId: string; data: { mailingId: string; firstId: string; lastId: string } }[];
  const fakeProducer = (fail = false) => {
    const calls: Added[] = [];
    const producer = {
      enqueueBulk: async (_name: unknown, jobs: Added) => {
        calls.push(jobs);
        if (fail) throw new Error('Redis svarar inte');
      },
    };
    return { calls, producer: producer as unknown as JobProducer };
  };

  it('sends rows asked for together to Redis in one bulk add, one job per block', async () => {
    const { calls, producer } = fakeProducer();
    const jobs = new SendJobs(producer, {} as LedgerRepository);
    await Promise.all([
      jobs.enqueueRow('m1', '7'),
      jobs.enqueueRow('m2', '30'),
      jobs.enqueueRow('m2', '31'), // same block as 30: one job
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0].map((j) => j.jobId).sort()).toEqual([
      sendBlockJobId('m1', '0'),
      sendBlockJobId('m2', '25'),
    ]);
    await jobs.enqueueRow('m3', '3');
    expect(calls).toHaveLength(2);
  });

  it('lets every caller of a failed bulk add know', async () => {
    const { producer } = fakeProducer(true);
    const jobs = new SendJobs(producer, {} as LedgerRepository);
    const results = await Promise.allSettled([jobs.enqueueRow('m1', '1'), jobs.enqueueRow('m2', '2')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
