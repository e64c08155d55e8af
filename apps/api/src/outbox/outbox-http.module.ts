import { MailModule } from '@app/mail';
import { Module } from '@nestjs/common';
import { OutboxController } from './outbox.controller';

@Module({ imports: [MailModule], controllers: [OutboxController] })
export class OutboxHttpModule {}
