export * from './campaigns.module';
export * from './campaign.entity';
export * from './campaign-audience';
export * from './campaigns.service';
export * from './campaign-recipients-export.service';
export * from './sending/campaign-sending.service';
export * from './sending/campaign-mailing.hooks';
