export * from './campaigns.module';
export * from './campaign.entity';
export * from './campaign-recipient.entity';
export * from './render-context';
