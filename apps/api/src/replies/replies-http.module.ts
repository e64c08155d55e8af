import { MeetingsModule } from '@app/meetings';
import { TrackingModule } from '@app/tracking';
import { Module } from '@nestjs/common';
import { InboundController, RepliesController } from './replies.controller';

@Module({ imports: [TrackingModule, MeetingsModule], controllers: [InboundController, RepliesController] })
export class RepliesHttpModule {}
