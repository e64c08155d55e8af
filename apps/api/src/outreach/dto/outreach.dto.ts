import { IsSingleLine } from '@app/common';
import { CONTACT_ROLES, ORGANIZATION_KINDS } from '@app/crm';
import {
  OUTREACH_KINDS,
  OUTREACH_STATUSES,
  OutreachKind,
  OutreachStatus,
  REMINDER_KINDS,
  ReminderKind,
} from '@app/meetings';
import { MAILING_STATUSES, MailingStatus } from '@app/sending';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { RecipientCountsDto } from '../../common-dto/recipient-counts.dto';

/** A host request's audience (roles, regions) or an invitation's (lists, segments, contacts, organisation kinds). */
export class OutreachAudienceDto {
  @ApiPropertyOptional({
    type: [String],
    enum: CONTACT_ROLES,
    description: 'Värdförfrågan: roller som får den (standard: kulturchef)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(CONTACT_ROLES, { each: true, message: `roles får bara innehålla ${CONTACT_ROLES.join(', ')}` })
  roles?: string[];

  @ApiPropertyOptional({ type: [Number], description: 'Värdförfrågan: bara dessa regioner (annars alla)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(32767, { each: true })
  regionIds?: number[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Inbjudan: listor' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  listIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Inbjudan: segment' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  segmentIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Inbjudan: enskilda kontakter' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100_000)
  @IsUUID('all', { each: true })
  contactIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    enum: ORGANIZATION_KINDS,
    description: 'Inbjudan: alla kontakter i organisationer av dessa typer',
  })
  @IsOptional()
  @IsArray()
  @IsIn(ORGANIZATION_KINDS, {
    each: true,
    message: `organizationKinds får bara innehålla ${ORGANIZATION_KINDS.join(', ')}`,
  })
  organizationKinds?: string[];
}

export class UpdateOutreachSendDto {
  @ApiPropertyOptional({ example: 'Värdförfrågan 2027' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  title?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Standard: den inbyggda mallen för syftet' })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Mallen för påminnelserna',
  })
  @IsOptional()
  @IsUUID()
  reminderTemplateId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Ersätter mallens ämnesrad' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsSingleLine()
  subject?: string | null;

  @ApiPropertyOptional({ example: 'Förbundets kansli' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  fromName?: string;

  @ApiPropertyOptional({ example: 'kansli@forbundet.se' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  fromAddress?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  replyTo?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Påminn dem som inte svarat efter så många dagar',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  remindAfterDays?: number | null;

  @ApiPropertyOptional({ description: 'Högst så många påminnelser (0–5)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5)
  maxReminders?: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Inbjudan: påminn dem som tackat ja så många dagar före mötet',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  remindAttendingDaysBefore?: number | null;

  @ApiPropertyOptional({ type: OutreachAudienceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OutreachAudienceDto)
  audience?: OutreachAudienceDto;
}

export class CreateOutreachSendDto extends UpdateOutreachSendDto {
  @ApiProperty({ example: 'Förbundets kansli' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  declare fromName: string;

  @ApiProperty({ example: 'kansli@forbundet.se' })
  @IsString()
  @MaxLength(254)
  declare fromAddress: string;
}

export class PauseOutreachSendDto {
  @ApiPropertyOptional({ description: 'Varför (visas för personalen)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsSingleLine()
  reason?: string;
}

export class OutreachAudienceViewDto {
  @ApiPropertyOptional({ type: [String] }) roles?: string[];
  @ApiPropertyOptional({ type: [Number] }) regionIds?: number[];
  @ApiPropertyOptional({ type: [String] }) listIds?: string[];
  @ApiPropertyOptional({ type: [String] }) segmentIds?: string[];
  @ApiPropertyOptional({ type: [String] }) contactIds?: string[];
  @ApiPropertyOptional({ type: [String] }) organizationKinds?: string[];
}

export class OutreachSendDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: OUTREACH_KINDS }) kind: OutreachKind;
  @ApiProperty({ example: 'Värdförfrågan' }) kindLabel: string;
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) templateId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reminderTemplateId: string | null;
  @ApiProperty({ type: String, nullable: true }) subject: string | null;
  @ApiProperty() fromName: string;
  @ApiProperty() fromAddress: string;
  @ApiProperty({ type: String, nullable: true }) replyTo: string | null;
  @ApiProperty({ type: OutreachAudienceViewDto }) audience: OutreachAudienceViewDto;
  @ApiProperty({ type: Number, nullable: true }) remindAfterDays: number | null;
  @ApiProperty() maxReminders: number;
  @ApiProperty({ type: Number, nullable: true }) remindAttendingDaysBefore: number | null;
  @ApiProperty({ enum: OUTREACH_STATUSES }) status: OutreachStatus;
  @ApiProperty({ example: 'Utkast' }) statusLabel: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) mailingId: string | null;
  @ApiProperty({ type: Date, nullable: true }) startedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class OutreachSendListDto {
  @ApiProperty({ type: [OutreachSendDto] }) items: OutreachSendDto[];
}

export class MailingProgressDto {
  @ApiProperty({ enum: MAILING_STATUSES }) status: MailingStatus;
  @ApiProperty({ type: RecipientCountsDto }) counts: RecipientCountsDto;
  @ApiProperty() total: number;
}

export class ReminderProgressDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) sendId: string;
  @ApiProperty({ enum: REMINDER_KINDS }) kind: ReminderKind;
  @ApiProperty() sequence: number;
  @ApiProperty() dueAt: Date;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) mailingId: string | null;
  @ApiProperty({ type: Date, nullable: true }) startedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Varför påminnelsen inte skickades' })
  skippedReason: string | null;
  @ApiProperty({ type: MailingProgressDto, nullable: true }) progress: MailingProgressDto | null;
}

export class OutreachProgressDto {
  @ApiProperty({ enum: OUTREACH_STATUSES }) status: OutreachStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({
    type: MailingProgressDto,
    nullable: true,
    description: 'Förfrågan eller inbjudan; null före start',
  })
  first: MailingProgressDto | null;
  @ApiProperty({ type: [ReminderProgressDto] }) reminders: ReminderProgressDto[];
}
