import { AuthModule } from '@app/auth';
import { CrmModule } from '@app/crm';
import { CoreModule, CoreOptions, QueueWorkerModule } from '@app/runtime';
import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health/health.controller';

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
        AuthModule,
        CrmModule,
        ...(options.withWorker ? [QueueWorkerModule] : []),
      ],
      controllers: [HealthController],
    };
  }
}
