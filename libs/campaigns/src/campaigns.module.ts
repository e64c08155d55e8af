import { CrmModule } from '@app/crm';
import { MailModule } from '@app/mail';
import { TrackingModule } from '@app/tracking';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignRecipient } from './campaign-recipient.entity';
import { Campaign } from './campaign.entity';

const CAMPAIGN_SERVICES: never[] = [];

@Module({
  imports: [TypeOrmModule.forFeature([Campaign, CampaignRecipient]), CrmModule, MailModule, TrackingModule],
  providers: [...CAMPAIGN_SERVICES],
  exports: [...CAMPAIGN_SERVICES],
})
export class CampaignsModule {}
