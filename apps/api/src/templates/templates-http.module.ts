import { CampaignsModule } from '@app/campaigns';
import { MailModule } from '@app/mail';
import { Module } from '@nestjs/common';
import { BuiltInTemplatesBootstrap } from './built-in-templates.bootstrap';
import { TemplatesController } from './templates.controller';

@Module({
  imports: [MailModule, CampaignsModule],
  controllers: [TemplatesController],
  providers: [BuiltInTemplatesBootstrap],
})
export class TemplatesHttpModule {}
