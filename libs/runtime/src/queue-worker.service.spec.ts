import { AppConfig } from '@app/config';
import { HandlesJob, JobHandler, JobName } from '@app/queue';
import type { DiscoveryService } from '@nestjs/core';
import { QueueWorkerService } from './queue-worker.service';

@HandlesJob(JobName.ContactImport)
class ImportHandler implements JobHandler<JobName.ContactImport> {
  async handle(): Promise<void> {}
}

@HandlesJob(JobName.ContactImport)
class SecondImportHandler implements JobHandler<JobName.ContactImport> {
  async handle(): Promise<void> {}
}

class Unrelated {}

function discoveryOf(...classes: (new () => object)[]): DiscoveryService {
  const providers = classes.map((metatype) => ({ metatype, instance: new metatype() }));
  return { getProviders: () => providers } as unknown as DiscoveryService;
}

describe('QueueWorkerService', () => {
  it('refuses to start when a job in the contract has no handler', () => {
    const worker = new QueueWorkerService(discoveryOf(Unrelated), new AppConfig(), 'redis://127.0.0.1:1');
    expect(() => worker.onApplicationBootstrap()).toThrow(/jobb utan hanterare: contact-import/);
  });

  it('refuses two handlers for one job', () => {
    const worker = new QueueWorkerService(
      discoveryOf(ImportHandler, SecondImportHandler),
      new AppConfig(),
      'redis://127.0.0.1:1',
    );
    expect(() => worker.onApplicationBootstrap()).toThrow(/två hanterare/);
  });
});
