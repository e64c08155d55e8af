import { MeetingsModule } from '@app/meetings';
import { Module } from '@nestjs/common';
import { OutreachSendsController } from './outreach-sends.controller';

/** Host requests and invitations, and their reminders. */
@Module({ imports: [MeetingsModule], controllers: [OutreachSendsController] })
export class OutreachHttpModule {}
