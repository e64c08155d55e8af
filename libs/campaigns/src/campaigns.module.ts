import { AuditModule } from '@app/audit';
import { CrmModule } from '@app/crm';
import { MailModule } from '@app/mail';
import { SendingModule } from '@app/sending';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Campaign } from './campaign.entity';
import { CampaignRecipientsExportService } from './campaign-recipients-export.service';
import { CampaignsService } from './campaigns.service';
import { CampaignMailingHooks } from './sending/campaign-mailing.hooks';
import { CampaignSendingService } from './sending/campaign-sending.service';

const CAMPAIGN_SERVICES = [CampaignsService, CampaignRecipientsExportService, CampaignSendingService];

/** Campaigns: newsletters to a list, segment or picked contacts, sent by the engine (libs/sending). */
@Module({
  imports: [TypeOrmModule.forFeature([Campaign]), AuditModule, CrmModule, MailModule, SendingModule],
  providers: [...CAMPAIGN_SERVICES, CampaignMailingHooks],
  exports: [...CAMPAIGN_SERVICES],
})
export class CampaignsModule {}
