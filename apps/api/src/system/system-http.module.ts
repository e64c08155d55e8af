import { Module } from '@nestjs/common';
import { ProbesModule } from '../health/probes.module';
import { SystemStatusController } from './system-status.controller';
import { SystemStatusService } from './system-status.service';

@Module({
  imports: [ProbesModule],
  controllers: [SystemStatusController],
  providers: [SystemStatusService],
})
export class SystemHttpModule {}
