export * from './audit.module';
export * from './audit-entry.entity';
export * from './audit.service';
export * from './audit-query.service';
