import { SendingModule } from '@app/sending';
import { Module } from '@nestjs/common';
import { MailingsController } from './mailings.controller';

@Module({ imports: [SendingModule], controllers: [MailingsController] })
export class MailingsHttpModule {}
