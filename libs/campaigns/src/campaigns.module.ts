import { AuditModule } from '@app/audit';
import { CrmModule } from '@app/crm';
import { MailModule } from '@app/mail';
import { TrackingModule } from '@app/tracking';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignRecipient } from './campaign-recipient.entity';
import { Campaign } from './campaign.entity';
import { CampaignRecipientsExportService } from './campaign-recipients-export.service';
import { CampaignsService } from './campaigns.service';
import { RecipientLinksService } from './recipient-links.service';
import { TemplatePreviewService } from './template-preview.service';
import {
  CampaignMaintenanceHandler,
  CampaignMaintenanceService,
} from './sending/campaign-maintenance.service';
import { CampaignSendingService } from './sending/campaign-sending.service';
import { RecipientJobs } from './sending/recipient-jobs.service';
import { CampaignMessageSender } from './sending/campaign-message-sender.service';
import { SendCampaignMessagesHandler } from './sending/send-campaign-messages.handler';
import { CampaignViewService } from './campaign-view.service';
import { CampaignMessageRenderer } from './sending/campaign-message-renderer';

const CAMPAIGN_SERVICES = [
  RecipientLinksService,
  TemplatePreviewService,
  CampaignsService,
  CampaignRecipientsExportService,
  RecipientJobs,
  CampaignSendingService,
  CampaignMaintenanceService,
  CampaignMessageRenderer,
  CampaignViewService,
  CampaignMessageSender,
];

@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([Campaign, CampaignRecipient]), CrmModule, MailModule, TrackingModule],
  providers: [...CAMPAIGN_SERVICES, SendCampaignMessagesHandler, CampaignMaintenanceHandler],
  exports: [...CAMPAIGN_SERVICES],
})
export class CampaignsModule {}
