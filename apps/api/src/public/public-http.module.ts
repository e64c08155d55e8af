import { TrackingModule } from '@app/tracking';
import { Module } from '@nestjs/common';
import { UnsubscribeController } from './unsubscribe.controller';

/** Pages people reach from links in mail: no login, token-scoped. */
@Module({ imports: [TrackingModule], controllers: [UnsubscribeController] })
export class PublicHttpModule {}
