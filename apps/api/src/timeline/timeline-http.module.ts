import { MeetingsModule } from '@app/meetings';
import { Module } from '@nestjs/common';
import { ContactTimelineController } from './contact-timeline.controller';

/** HTTP for a person's timeline (its service lives in libs/meetings, which sees every source). */
@Module({ imports: [MeetingsModule], controllers: [ContactTimelineController] })
export class TimelineHttpModule {}
