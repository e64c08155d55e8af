import { AuditModule } from '@app/audit';
import { CrmModule } from '@app/crm';
import { MailModule } from '@app/mail';
import { SendingModule } from '@app/sending';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CheckInOperation } from './check-in/check-in-operation.entity';
import { MeetingMessages } from './messages/meeting-messages.service';
import { Meeting, MeetingRepresentative } from './meetings/meeting.entity';
import { MeetingMovedHooks } from './meetings/meeting-moved.hooks';
import { MeetingsRepository } from './meetings/meetings.repository';
import { MeetingsService } from './meetings/meetings.service';
import { MeetingNotice } from './notices/meeting-notice.entity';
import { MeetingNoticesRepository } from './notices/meeting-notices.repository';
import { AnswerLinks } from './render/answer-links';
import { MeetingRenderLookup } from './render/meeting-render-lookup';
import { MeetingRenderSources } from './render/meeting-render-sources';
import { MeetingResponse, MeetingResponseEvent } from './responses/meeting-response.entity';
import { MeetingResponsesRepository } from './responses/meeting-responses.repository';
import { MeetingResponsesService } from './responses/meeting-responses.service';
import { HostResponse } from './rounds/host-response.entity';
import { RegionStatusSync } from './rounds/region-status-sync';
import { RsvpPageService } from './rsvp/rsvp-page.service';
import { Round } from './rounds/round.entity';
import { RoundRegion, RoundRegionEvent } from './rounds/round-region.entity';
import { DueReminder } from './sends/due-reminder.entity';
import { OutreachSend } from './sends/outreach-send.entity';

export const MEETING_ENTITIES = [
  Round,
  RoundRegion,
  RoundRegionEvent,
  HostResponse,
  Meeting,
  MeetingRepresentative,
  OutreachSend,
  DueReminder,
  MeetingResponse,
  MeetingResponseEvent,
  CheckInOperation,
  MeetingNotice,
];

const MEETING_SERVICES = [
  AnswerLinks,
  MeetingResponsesRepository,
  MeetingsRepository,
  MeetingNoticesRepository,
  RegionStatusSync,
  MeetingMovedHooks,
  MeetingMessages,
  MeetingResponsesService,
  MeetingsService,
  RsvpPageService,
  MeetingRenderLookup,
];

/**
 * Rounds, host requests and the region board; meetings, invitations, answers, reminders, check-in and reports.
 * Every message goes through the sending engine (libs/sending), plugged in through its ports.
 */
@Module({
  imports: [TypeOrmModule.forFeature(MEETING_ENTITIES), AuditModule, CrmModule, MailModule, SendingModule],
  providers: [...MEETING_SERVICES, MeetingRenderSources],
  exports: [...MEETING_SERVICES],
})
export class MeetingsModule {}
