import { AuditEntry, AuditService } from '@app/auth';
import { Global, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../../test/support/test-database';
import { CrmModule } from '../../crm.module';

export interface CrmIntContext {
  module: TestingModule;
  dataSource: DataSource;
  db: TestDatabase;
  close(): Promise<void>;
}

/** Only the audit log of the auth lib: the rest of AuthModule (sessions, passwords) is not the CRM's concern. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry])],
  providers: [AuditService],
  exports: [AuditService],
})
class AuditOnlyModule {}

/** The CRM services wired as in the app, on a fresh migrated database (for *.int-spec.ts). */
export async function createCrmIntContext(): Promise<CrmIntContext> {
  const db = await createTestDatabase();
  const module = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        type: 'postgres',
        url: db.url,
        autoLoadEntities: true,
        synchronize: false,
        extra: { max: 4 },
      }),
      AuditOnlyModule,
      CrmModule,
    ],
  }).compile();
  await module.init();
  return {
    module,
    db,
    dataSource: module.get(DataSource),
    close: async () => {
      await module.close();
      await db.drop();
    },
  };
}
