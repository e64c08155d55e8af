import { AppConfig } from '@app/config';
import { ContactImport, ContactImportService } from '@app/crm';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ImportsController } from './imports.controller';
import { UploadTooLargeFilter } from './upload-too-large.filter';

/** Uploads are held in memory (at most IMPORT_MAX_BYTES, one file) and then stored in PostgreSQL for the worker. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ContactImport]),
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.IMPORT_MAX_BYTES, files: 1 } }),
    }),
  ],
  controllers: [ImportsController],
  providers: [ContactImportService, UploadTooLargeFilter],
})
export class ImportsHttpModule {}
