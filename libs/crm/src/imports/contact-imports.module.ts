import { AuditModule } from '@app/audit';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactImport } from './contact-import.entity';
import { ContactImportService } from './contact-import.service';

/**
 * Starting and reading imports (the API side). Kept apart from CrmModule because it needs the queue producer and
 * the config, which the worker and CRM-only test contexts do not set up; the job handler itself is in CrmModule.
 */
@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([ContactImport])],
  providers: [ContactImportService],
  exports: [ContactImportService],
})
export class ContactImportsModule {}
