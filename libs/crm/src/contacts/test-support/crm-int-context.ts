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
