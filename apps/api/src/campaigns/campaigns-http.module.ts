import { CampaignsModule } from '@app/campaigns';
import { TrackingModule } from '@app/tracking';
import { Module } from '@nestjs/common';
import { CampaignsController } from './campaigns.controller';

@Module({ imports: [CampaignsModule, TrackingModule], controllers: [CampaignsController] })
export class CampaignsHttpModule {}
