import { MeetingsModule } from '@app/meetings';
import { Module } from '@nestjs/common';
import { MeetingAttendanceController } from './meeting-attendance.controller';

@Module({ imports: [MeetingsModule], controllers: [MeetingAttendanceController] })
export class MeetingAttendanceHttpModule {}
