import { MeetingsModule } from '@app/meetings';
import { Module } from '@nestjs/common';
import { MeetingsController } from './meetings.controller';

@Module({ imports: [MeetingsModule], controllers: [MeetingsController] })
export class MeetingsHttpModule {}
