import { MeetingsModule } from '@app/meetings';
import { SendingModule } from '@app/sending';
import { SurveysModule } from '@app/surveys';
import { TrackingModule } from '@app/tracking';
import { Module } from '@nestjs/common';
import { RsvpController } from './rsvp.controller';
import { SurveyController } from './survey.controller';
import { UnsubscribeController } from './unsubscribe.controller';
import { ViewInBrowserController } from './view-in-browser.controller';

/** Pages people reach from links in mail: no login, token-scoped. */
@Module({
  imports: [TrackingModule, SendingModule, MeetingsModule, SurveysModule],
  controllers: [UnsubscribeController, ViewInBrowserController, RsvpController, SurveyController],
})
export class PublicHttpModule {}
