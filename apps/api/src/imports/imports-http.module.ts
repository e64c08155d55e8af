import { AppConfig } from '@app/config';
import { ContactImportsModule } from '@app/crm';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { ImportsController } from './imports.controller';
import { UploadTooLargeFilter } from './upload-too-large.filter';

/** Uploads are held in memory (at most IMPORT_MAX_BYTES, one file) and then stored in PostgreSQL for the worker. */
@Module({
  imports: [
    ContactImportsModule,
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.IMPORT_MAX_BYTES, files: 1 } }),
    }),
  ],
  controllers: [ImportsController],
  providers: [UploadTooLargeFilter],
})
export class ImportsHttpModule {}
