export * from './tracking.module';
export * from './tokens/token-purpose';
export * from './tokens/public-token.service';
export * from './tokens/token-secret.provider';
export * from './unsubscribe/unsubscribe.service';
export * from './public-page';
