import { AuditModule, AuditService } from '@app/audit';
import { AuthModule, SessionsService } from '@app/auth';
import { ALL_QUEUES } from '@app/queue';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule, BullBoardModuleOptions } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { QUEUE_DASHBOARD_PATH, queueDashboardAccess } from './queue-dashboard-access';

/**
 * bull-board's Express app with the same header hygiene as ours: it is a sub-application with its own settings,
 * and Express announces itself unless told not to.
 */
class QueueDashboardAdapter extends ExpressAdapter {
  constructor() {
    super();
    (this.getRouter() as { disable(setting: string): unknown }).disable('x-powered-by');
  }
}

/**
 * The queue dashboard (bull-board) at /api/admin/queues for administrators: the queues of the job contract,
 * their jobs, retries and cleaning. Only where the API runs (PROCESS_ROLE=all or api); the queues themselves are
 * registered by the core module in every process. Not part of our API, so not in the OpenAPI document.
 */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      imports: [AuthModule, AuditModule],
      inject: [SessionsService, AuditService],
      useFactory: (sessions: SessionsService, audit: AuditService) => ({
        route: QUEUE_DASHBOARD_PATH,
        // @bull-board/express 9.10.1 pins @bull-board/api 9.10.1 (its own copy, beside our 9.10.2): the same
        // adapter at run time, two declarations of its private fields for the compiler.
        adapter: QueueDashboardAdapter as unknown as BullBoardModuleOptions['adapter'],
        middleware: queueDashboardAccess(sessions, audit),
        boardOptions: { uiConfig: { boardTitle: 'Jobbköer', hideDocsLink: true } },
      }),
    }),
    BullBoardModule.forFeature(...ALL_QUEUES.map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
})
export class QueueDashboardModule {}
