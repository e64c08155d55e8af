export * from './embedded-postgres.starter';
export * from './run-migrations';
export * from './migrations';
