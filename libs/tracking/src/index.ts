export * from './tracking.module';
export * from './unsubscribe/unsubscribe.service';
export * from './public-page';
export * from './inbound/inbound-mail-sink';
export * from './inbound/imap-high-water.repository';
export * from './inbound/imap-poller.service';
export * from './inbound/smtp-receiver.service';
export * from './inbound/inbound-transports.module';
