export * from './tracking.module';
export * from './unsubscribe/unsubscribe.service';
export * from './public-page';
export * from './inbound/inbound-mail-sink';
