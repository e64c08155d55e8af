import { AuditModule } from '@app/audit';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactImport } from './contact-import.entity';
import { ContactImportService } from './contact-import.service';
import { ImportsMaintenanceHandler } from './imports-maintenance.handler';

/**
 * Starting, reading and looking after imports: the upload (API) and the periodic imports-maintenance job
 * (worker), which both queue import jobs. Kept apart from CrmModule because they need the queue producer and the
 * config, which CRM-only test contexts do not set up; the import job's handler itself is in CrmModule. Every
 * process that runs the queue worker imports this module (the worker refuses to start without a handler).
 */
@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([ContactImport])],
  providers: [ContactImportService, ImportsMaintenanceHandler],
  exports: [ContactImportService, ImportsMaintenanceHandler],
})
export class ContactImportsModule {}
