import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxMessage } from './outbox/outbox-message.entity';
import { TemplateCompiler } from './templates/template-compiler';
import { TemplateVersion } from './templates/template-version.entity';
import { Template } from './templates/template.entity';

const MAIL_SERVICES = [TemplateCompiler];

@Module({
  imports: [TypeOrmModule.forFeature([Template, TemplateVersion, OutboxMessage])],
  providers: [...MAIL_SERVICES],
  exports: [...MAIL_SERVICES],
})
export class MailModule {}
