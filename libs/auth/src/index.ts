export * from './auth.module';
export * from './staff-user';
export * from './users/user.entity';
export * from './sessions/session.entity';
export * from './sessions/login-attempt.entity';
export * from './audit/audit-entry.entity';
export * from './audit/audit.service';
