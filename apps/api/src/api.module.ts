import { AuthModule } from '@app/auth';
import { CampaignsModule } from '@app/campaigns';
import { CrmModule } from '@app/crm';
import { MeetingsModule } from '@app/meetings';
import { SurveysModule } from '@app/surveys';
import { InboundTransportsModule } from '@app/tracking';
import { CoreModule, CoreOptions, QueueWorkerModule } from '@app/runtime';
import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthHttpModule } from './auth/auth-http.module';
import { HealthController } from './health/health.controller';
import { ProbesModule } from './health/probes.module';
import { PublicHttpModule } from './public/public-http.module';
import { ContactRegisterHttpModule } from './contacts/contact-register-http.module';
import { ImportsHttpModule } from './imports/imports-http.module';
import { ExportsHttpModule } from './exports/exports-http.module';
import { OutboxHttpModule } from './outbox/outbox-http.module';
import { TemplatesHttpModule } from './templates/templates-http.module';
import { CampaignsHttpModule } from './campaigns/campaigns-http.module';
import { MailingsHttpModule } from './mailings/mailings-http.module';
import { TimelineHttpModule } from './timeline/timeline-http.module';
import { RoundsHttpModule } from './rounds/rounds-http.module';
import { OutreachHttpModule } from './outreach/outreach-http.module';
import { MeetingAttendanceHttpModule } from './meeting-attendance/meeting-attendance-http.module';
import { MeetingReportsHttpModule } from './meeting-reports/meeting-reports-http.module';
import { MeetingsHttpModule } from './meetings/meetings-http.module';
import { QueueDashboardModule } from './queue-dashboard/queue-dashboard.module';
import { SystemHttpModule } from './system/system-http.module';
import { SurveysHttpModule } from './surveys/surveys-http.module';
import { RepliesHttpModule } from './replies/replies-http.module';

export interface ApiModuleOptions extends CoreOptions {
  /** PROCESS_ROLE=all: run the queue worker inside the API process too. */
  withWorker: boolean;
}

@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(options),
        TerminusModule,
        ProbesModule,
        AuthModule,
        AuthHttpModule,
        CrmModule,
        CampaignsModule,
        MeetingsModule,
        SurveysModule,
        ContactRegisterHttpModule,
        ImportsHttpModule,
        ExportsHttpModule,
        PublicHttpModule,
        TemplatesHttpModule,
        CampaignsHttpModule,
        MailingsHttpModule,
        MeetingsHttpModule,
        OutboxHttpModule,
        TimelineHttpModule,
        RoundsHttpModule,
        OutreachHttpModule,
        MeetingAttendanceHttpModule,
        MeetingReportsHttpModule,
        SurveysHttpModule,
        QueueDashboardModule,
        SystemHttpModule,
        RepliesHttpModule,
        ...(options.withWorker ? [QueueWorkerModule] : []),
        // The inbound mail transports run where the worker runs, each only when configured.
        ...(options.withWorker ? InboundTransportsModule.whenConfigured(options.config) : []),
      ],
      controllers: [HealthController],
    };
  }
}
