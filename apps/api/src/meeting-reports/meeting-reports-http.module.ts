import { MeetingsModule } from '@app/meetings';
import { Module } from '@nestjs/common';
import { MeetingReportsController } from './meeting-reports.controller';

@Module({ imports: [MeetingsModule], controllers: [MeetingReportsController] })
export class MeetingReportsHttpModule {}
