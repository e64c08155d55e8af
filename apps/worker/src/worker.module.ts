import { CampaignsModule } from '@app/campaigns';
import { MeetingsModule } from '@app/meetings';
import { SurveysModule } from '@app/surveys';
import { ContactImportsModule, CrmModule } from '@app/crm';
import { CoreModule, CoreOptions, QueueWorkerModule } from '@app/runtime';
import { InboundTransportsModule } from '@app/tracking';
import { DynamicModule, Module } from '@nestjs/common';

/**
 * Queue processing only, no HTTP server. The job handlers live in the domain libs; the feature modules are here
 * for their render sources and lifecycle hooks (a survey mail is rendered in the worker).
 */
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
        SurveysModule,
        QueueWorkerModule,
        // The inbound mail transports (IMAP poller, SMTP receiver), each only when configured.
        ...InboundTransportsModule.whenConfigured(options.config),
      ],
    };
  }
}
