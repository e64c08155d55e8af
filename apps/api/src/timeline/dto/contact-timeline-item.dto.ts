import { PageDto } from '@app/common';
import { MESSAGE_PURPOSES, MessagePurpose } from '@app/mail';
import {
  HOST_ANSWERS,
  HOSTING_CAUSES,
  HOSTING_STATUSES,
  HostAnswer,
  HostingCause,
  HostingStatus,
  RESPONSE_CAUSES,
  RESPONSE_STATES,
  ResponseCause,
  ResponseState,
  TIMELINE_KINDS,
  TimelineDetails,
  TimelineItem,
  TimelineKind,
} from '@app/meetings';
import { RECIPIENT_STATUSES, RecipientStatus } from '@app/sending';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One shape for every kind; each kind fills its own fields and leaves the others out. */
export class TimelineDetailsDto implements TimelineDetails {
  @ApiPropertyOptional({ format: 'uuid', description: 'message: utskicket' }) mailingId?: string;
  @ApiPropertyOptional({ description: 'message: utskickets namn' }) mailingTitle?: string;
  @ApiPropertyOptional({ enum: MESSAGE_PURPOSES, description: 'message: vad brevet var för' })
  purpose?: MessagePurpose;
  @ApiPropertyOptional({ enum: RECIPIENT_STATUSES, description: 'message: brevets status' })
  messageStatus?: RecipientStatus;
  @ApiPropertyOptional({ description: 'message: när servern tog emot brevet' }) sentAt?: Date;
  @ApiPropertyOptional({ description: 'message: vad utskicket hör till (campaign, meeting …)' })
  scopeType?: string;
  @ApiPropertyOptional({ format: 'uuid' }) scopeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'meeting_answer, attendance: mötet' })
  meetingId?: string;
  @ApiPropertyOptional() meetingTitle?: string;
  @ApiPropertyOptional({ description: 'Mötets start' }) meetingStartsAt?: Date;
  @ApiPropertyOptional({ enum: RESPONSE_STATES, description: 'Svaret eller närvaron efter ändringen' })
  responseState?: ResponseState;
  @ApiPropertyOptional({ enum: RESPONSE_STATES, description: 'Före ändringen' })
  previousResponseState?: ResponseState;
  @ApiPropertyOptional({ enum: RESPONSE_CAUSES, description: 'Vad som ändrade svaret' })
  responseCause?: ResponseCause;

  @ApiPropertyOptional({ format: 'uuid', description: 'hosting: omgången' }) roundId?: string;
  @ApiPropertyOptional() roundName?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'hosting: regionen' }) regionId?: number;
  @ApiPropertyOptional() regionName?: string;
  @ApiPropertyOptional({ enum: HOST_ANSWERS, description: 'hosting: svaret på värdförfrågan' })
  hostAnswer?: HostAnswer;
  @ApiPropertyOptional({ enum: HOSTING_STATUSES, description: 'hosting: regionens status efter ändringen' })
  hostingStatus?: HostingStatus;
  @ApiPropertyOptional({ enum: HOSTING_STATUSES }) previousHostingStatus?: HostingStatus;
  @ApiPropertyOptional({ enum: HOSTING_CAUSES }) hostingCause?: HostingCause;
  @ApiPropertyOptional({ description: 'hosting: vad personen skrev' }) comment?: string;
  @ApiPropertyOptional({ description: 'hosting: datum personen föreslog' }) suggestedDates?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'reply: svaret (GET /api/replies/:id)' })
  replyId?: string;
  @ApiPropertyOptional({ enum: ['reply', 'auto_reply'], description: 'reply: svar eller automatiskt svar' })
  replyKind?: 'reply' | 'auto_reply';

  @ApiPropertyOptional({ description: 'Anteckning som personalen skrev vid ändringen' }) note?: string;
}

export class TimelineItemDto implements TimelineItem {
  @ApiProperty({ description: 'Unikt i tidslinjen' }) id: string;
  @ApiProperty({ description: 'När det hände' }) at: Date;
  @ApiProperty({ enum: TIMELINE_KINDS }) kind: TimelineKind;
  @ApiProperty({ example: 'Inbjudan: Dialogmöte Dalarna – skickat' }) title: string;
  @ApiProperty({ type: TimelineDetailsDto }) details: TimelineDetailsDto;
}

export class ContactTimelinePageDto extends PageDto(TimelineItemDto) {}
