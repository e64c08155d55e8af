import { AuditModule } from '@app/audit';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxMessage } from './outbox/outbox-message.entity';
import { TemplateCompiler } from './templates/template-compiler';
import { OutboxQueryService } from './outbox/outbox-query.service';
import { MailTransport } from './transport/mail-transport';
import { MailTransportCloser, mailTransportProvider } from './transport/mail-transport.provider';
import { TemplateVersion } from './templates/template-version.entity';
import { Template } from './templates/template.entity';
import { TemplatesService } from './templates/templates.service';

const MAIL_SERVICES = [TemplateCompiler, TemplatesService];

@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([Template, TemplateVersion, OutboxMessage])],
  providers: [...MAIL_SERVICES, mailTransportProvider, MailTransportCloser, OutboxQueryService],
  exports: [...MAIL_SERVICES, MailTransport, OutboxQueryService],
})
export class MailModule {}
