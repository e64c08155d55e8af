import { AuditModule } from '@app/audit';
import { CrmModule } from '@app/crm';
import { MailModule } from '@app/mail';
import { SendingModule } from '@app/sending';
import { TrackingModule } from '@app/tracking';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CheckInOperation } from './check-in/check-in-operation.entity';
import { CheckInOperationsRepository } from './check-in/check-in-operations.repository';
import { CheckInService } from './check-in/check-in.service';
import { MeetingReportSections } from './reports/meeting-report-sections';
import { MeetingReportsRepository } from './reports/meeting-reports.repository';
import { MeetingReportsService } from './reports/meeting-reports.service';
import { ReportExportsService } from './reports/report-exports.service';
import { MeetingsPersonalData } from './personal-data/meetings-personal-data.holder';
import { MeetingsPersonalDataRepository } from './personal-data/meetings-personal-data.repository';
import { MeetingMessages } from './messages/meeting-messages.service';
import { Meeting, MeetingRepresentative } from './meetings/meeting.entity';
import { MeetingMovedHooks } from './meetings/meeting-moved.hooks';
import { MeetingsRepository } from './meetings/meetings.repository';
import { MeetingsService } from './meetings/meetings.service';
import { MeetingNotice } from './notices/meeting-notice.entity';
import { MeetingNoticesRepository } from './notices/meeting-notices.repository';
import { AnswerLinks } from './render/answer-links';
import { OutreachRenderSources } from './render/outreach-render-sources';
import { MeetingRenderLookup } from './render/meeting-render-lookup';
import { MeetingRenderSources } from './render/meeting-render-sources';
import { MeetingResponse, MeetingResponseEvent } from './responses/meeting-response.entity';
import { MeetingResponsesRepository } from './responses/meeting-responses.repository';
import { MeetingResponsesService } from './responses/meeting-responses.service';
import { HostResponse } from './rounds/host-response.entity';
import { HostAnswersService } from './rounds/host-answers.service';
import { HostingStatusService } from './rounds/hosting-status.service';
import { RoundDeadlines } from './rounds/round-deadlines';
import { RoundsRepository } from './rounds/rounds.repository';
import { RoundsService } from './rounds/rounds.service';
import { RegionStatusSync } from './rounds/region-status-sync';
import { RsvpPageService } from './rsvp/rsvp-page.service';
import { MeetingReplyScopes } from './replies/meeting-reply-scopes';
import { ReplyAnswersService } from './replies/reply-answers.service';
import { Round } from './rounds/round.entity';
import { RoundRegion, RoundRegionEvent } from './rounds/round-region.entity';
import { DueReminder } from './sends/due-reminder.entity';
import { OutreachMailingHooks } from './sends/outreach-mailing.hooks';
import { OutreachReminders } from './sends/outreach-reminders';
import { OutreachSend } from './sends/outreach-send.entity';
import { CONTACT_TIMELINE_PROVIDERS, ContactTimelineService } from './timeline/contact-timeline.service';
import { OutreachSendsRepository } from './sends/outreach-sends.repository';
import { OutreachSendsService } from './sends/outreach-sends.service';

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
  ContactTimelineService,
  RoundsRepository,
  HostingStatusService,
  RoundsService,
  RoundDeadlines,
  HostAnswersService,
  OutreachSendsRepository,
  OutreachSendsService,
  OutreachMailingHooks,
  OutreachRenderSources,
  OutreachReminders,
  CheckInOperationsRepository,
  CheckInService,
  MeetingReportSections,
  MeetingReportsRepository,
  MeetingReportsService,
  ReportExportsService,
  MeetingsRepository,
  MeetingNoticesRepository,
  RegionStatusSync,
  MeetingMovedHooks,
  MeetingMessages,
  MeetingResponsesService,
  MeetingsService,
  RsvpPageService,
  MeetingRenderLookup,
  ReplyAnswersService,
];

/**
 * Rounds, host requests and the region board; meetings, invitations, answers, reminders, check-in and reports.
 * Every message goes through the sending engine (libs/sending), plugged in through its ports.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature(MEETING_ENTITIES),
    AuditModule,
    CrmModule,
    MailModule,
    SendingModule,
    TrackingModule,
  ],
  providers: [
    ...MEETING_SERVICES,
    ...CONTACT_TIMELINE_PROVIDERS,
    MeetingsPersonalDataRepository,
    MeetingsPersonalData,
    MeetingRenderSources,
    MeetingReplyScopes,
  ],
  exports: [...MEETING_SERVICES],
})
export class MeetingsModule {}
