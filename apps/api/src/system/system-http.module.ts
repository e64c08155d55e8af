import { TrackingModule } from '@app/tracking';
import { Module } from '@nestjs/common';
import { ProbesModule } from '../health/probes.module';
import { SystemStatusController } from './system-status.controller';
import { SystemStatusService } from './system-status.service';

@Module({
  imports: [ProbesModule, TrackingModule],
  controllers: [SystemStatusController],
  providers: [SystemStatusService],
})
export class SystemHttpModule {}
