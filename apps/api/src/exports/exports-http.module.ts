import { CrmModule } from '@app/crm';
import { Module } from '@nestjs/common';
import { ExportsController } from './exports.controller';

@Module({ imports: [CrmModule], controllers: [ExportsController] })
export class ExportsHttpModule {}
