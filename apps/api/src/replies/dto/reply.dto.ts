import { PageDto, PageQueryDto } from '@app/common';
import { HOST_ANSWERS } from '@app/meetings';
import {
  INBOUND_KINDS,
  INBOUND_MATCHES,
  INBOUND_ORIGINS,
  InboundKind,
  REPLY_CONVERSIONS,
} from '@app/tracking';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class AttachmentInfoDto {
  @ApiProperty({ type: String, nullable: true }) filename: string | null;
  @ApiProperty() contentType: string;
  @ApiProperty({ description: 'Storlek i byte (innehållet sparas inte)' }) size: number;
}

export class InboundOutcomeDto {
  @ApiProperty({ format: 'uuid', description: 'Det sparade meddelandets id' }) id: string;
  @ApiProperty({ enum: INBOUND_KINDS }) kind: InboundKind;
  @ApiProperty({ description: 'Samma meddelande var redan mottaget: inget gjordes igen' }) duplicate: boolean;
}

export class ReplySummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: INBOUND_KINDS }) kind: InboundKind;
  @ApiProperty({ enum: INBOUND_ORIGINS }) origin: string;
  @ApiProperty() receivedAt: Date;
  @ApiProperty({ type: String, nullable: true }) fromAddress: string | null;
  @ApiProperty({ type: String, nullable: true }) fromName: string | null;
  @ApiProperty({ type: String, nullable: true }) subject: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Varför det inte kunde läsas, varför det är ett automatiskt svar, eller studsens diagnos',
  })
  reason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Studsens status, t.ex. 5.1.1' }) bounceStatus:
    string | null;
  @ApiProperty({ enum: INBOUND_MATCHES, description: 'Hur det kopplades till ett utskick' })
  matchedBy: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contactId: string | null;
  @ApiProperty({ type: String, nullable: true }) contactName: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) mailingId: string | null;
  @ApiProperty({ type: String, nullable: true }) mailingTitle: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Utskickets syfte' }) purpose: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) campaignId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId: string | null;
  @ApiProperty() handled: boolean;
  @ApiProperty({ type: Date, nullable: true }) handledAt: Date | null;
  @ApiProperty({ type: String, enum: [...REPLY_CONVERSIONS, null], nullable: true }) convertedTo:
    string | null;
  @ApiProperty({ description: 'Har HTML (GET /api/replies/:id/html)' }) hasHtml: boolean;
  @ApiProperty({ type: [AttachmentInfoDto] }) attachments: AttachmentInfoDto[];
}

export class ReplyPageDto extends PageDto(ReplySummaryDto) {}

export class ReplyDetailDto extends ReplySummaryDto {
  @ApiProperty({ type: String, nullable: true }) messageId: string | null;
  @ApiProperty({ type: Date, nullable: true, description: 'Brevets Date-huvud' }) sentAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Texten; för ett svar utan det citerade brevet' })
  text: string | null;
  @ApiProperty({ type: String, nullable: true }) failedRecipient: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Raden i mottagarregistret' }) recipientId:
    string | null;
  @ApiProperty({ type: String, nullable: true }) scopeType: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) scopeId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) handledBy: string | null;
}

export class ReplyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INBOUND_KINDS, description: 'unreadable: listan "kunde inte läsas"' })
  @IsOptional()
  @IsIn(INBOUND_KINDS, { message: `kind måste vara en av: ${INBOUND_KINDS.join(', ')}` })
  kind?: InboundKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'campaignId måste vara ett uuid' })
  campaignId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'meetingId måste vara ett uuid' })
  meetingId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'contactId måste vara ett uuid' })
  contactId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'handled måste vara true eller false' })
  handled?: 'true' | 'false';
}

export class SetHandledDto {
  @ApiProperty()
  @IsBoolean({ message: 'handled måste vara true eller false' })
  handled: boolean;
}

export class ReplyAnswerDto {
  @ApiProperty({ enum: HOST_ANSWERS, description: 'Värdskap: ja/kanske/nej; möte: yes/no/maybe' })
  @IsIn(HOST_ANSWERS, { message: 'answer måste vara yes, maybe eller no' })
  answer: (typeof HOST_ANSWERS)[number];

  @ApiPropertyOptional({ description: 'Kommentar (värdskap) eller anteckning (möte)', maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'comment måste vara text' })
  @MaxLength(2000, { message: 'comment: högst 2000 tecken' })
  comment?: string;
}

export class ReplyAnswerResultDto {
  @ApiProperty({ format: 'uuid' }) replyId: string;
  @ApiProperty({ enum: REPLY_CONVERSIONS }) convertedTo: 'host_answer' | 'rsvp';
  @ApiProperty({ enum: HOST_ANSWERS }) answer: string;
}
