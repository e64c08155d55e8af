import { MailModule } from '@app/mail';
import { SendingModule } from '@app/sending';
import { Module } from '@nestjs/common';
import { BuiltInTemplatesBootstrap } from './built-in-templates.bootstrap';
import { TemplatesController } from './templates.controller';

@Module({
  imports: [MailModule, SendingModule],
  controllers: [TemplatesController],
  providers: [BuiltInTemplatesBootstrap],
})
export class TemplatesHttpModule {}
