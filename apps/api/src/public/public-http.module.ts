import { MeetingsModule } from '@app/meetings';
import { SendingModule } from '@app/sending';
import { TrackingModule } from '@app/tracking';
import { Module } from '@nestjs/common';
import { RsvpController } from './rsvp.controller';
import { UnsubscribeController } from './unsubscribe.controller';
import { ViewInBrowserController } from './view-in-browser.controller';

/** Pages people reach from links in mail: no login, token-scoped. */
@Module({
  imports: [TrackingModule, SendingModule, MeetingsModule],
  controllers: [UnsubscribeController, ViewInBrowserController, RsvpController],
})
export class PublicHttpModule {}
