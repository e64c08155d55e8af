import { MeetingsModule } from '@app/meetings';
import { Module } from '@nestjs/common';
import { HostAnswerController } from './host-answer.controller';
import { RoundsController } from './rounds.controller';

/** Rounds, the region board and the public host answer page (/h/:token). */
@Module({ imports: [MeetingsModule], controllers: [RoundsController, HostAnswerController] })
export class RoundsHttpModule {}
