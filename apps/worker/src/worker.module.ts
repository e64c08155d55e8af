import { CampaignsModule } from '@app/campaigns';
import { MeetingsModule } from '@app/meetings';
import { ContactImportsModule, CrmModule } from '@app/crm';
import { CoreModule, CoreOptions, QueueWorkerModule } from '@app/runtime';
import { InboundTransportsModule } from '@app/tracking';
import { DynamicModule, Module } from '@nestjs/common';

/** Queue processing only, no HTTP server. The job handlers live in the domain libs. */
@Module({})
export class WorkerModule {
  static forRoot(options: CoreOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(options),
        CrmModule,
        ContactImportsModule,
        CampaignsModule,
        MeetingsModule,
        QueueWorkerModule,
        // The inbound mail transports (IMAP poller, SMTP receiver), each only when configured.
        ...InboundTransportsModule.whenConfigured(options.config),
      ],
    };
  }
}
