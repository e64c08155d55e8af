import { SendingModule } from '@app/sending';
import { TrackingModule } from '@app/tracking';
import { Module } from '@nestjs/common';
import { UnsubscribeController } from './unsubscribe.controller';
import { ViewInBrowserController } from './view-in-browser.controller';

/** Pages people reach from links in mail: no login, token-scoped. */
@Module({
  imports: [TrackingModule, SendingModule],
  controllers: [UnsubscribeController, ViewInBrowserController],
})
export class PublicHttpModule {}
