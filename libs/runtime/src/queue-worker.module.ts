import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { QueueWorkerService } from './queue-worker.service';

/** Import this to process jobs in the current process (the worker app, or the API when PROCESS_ROLE=all). */
@Module({ imports: [DiscoveryModule], providers: [QueueWorkerService] })
export class QueueWorkerModule {}
