import { MeetingsModule } from '@app/meetings';
import { Module } from '@nestjs/common';
import { RoundsController } from './rounds.controller';

/** Rounds, the region board and the public host answer page. */
@Module({ imports: [MeetingsModule], controllers: [RoundsController] })
export class RoundsHttpModule {}
