import { IsSingleLine } from '@app/common';
import { HOST_ANSWERS, HOSTING_STATUSES, HostAnswer, HostingStatus } from '@app/meetings';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export class UpdateRoundDto {
  @ApiPropertyOptional({ example: 'Regional närvaro 2026–2027' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2027-03-10',
    description: 'Sista svarsdag (åååå-mm-dd); svar väntas till dagens slut, svensk tid',
  })
  @IsOptional()
  @IsString()
  @Matches(DATE_RE, { message: 'responseDeadline måste vara ett datum som 2027-03-10' })
  responseDeadline?: string | null;
}

export class CreateRoundDto extends UpdateRoundDto {
  @ApiProperty({ example: 'Regional närvaro 2026–2027' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  declare name: string;
}

export class RoundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2027-03-10' }) responseDeadline: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class RoundListDto {
  @ApiProperty({ type: [RoundDto] }) items: RoundDto[];
}

export class SetRegionStatusDto {
  @ApiProperty({ enum: HOSTING_STATUSES })
  @IsIn(HOSTING_STATUSES, { message: `status måste vara en av ${HOSTING_STATUSES.join(', ')}` })
  status: HostingStatus;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Varför (sparas i historiken)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class AskedContactDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) organization: string | null;
}

export class LatestHostAnswerDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contactId: string | null;
  @ApiProperty({ type: String, nullable: true }) contactName: string | null;
  @ApiProperty({ enum: HOST_ANSWERS }) answer: HostAnswer;
  @ApiProperty({ example: 'Ja, vi vill vara värd' }) answerLabel: string;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, nullable: true }) suggestedDates: string | null;
  @ApiProperty({ type: String, nullable: true }) contactPerson: string | null;
  @ApiProperty() answeredAt: Date;
}

export class BoardMeetingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2027-03-14T18:00:00.000+01:00', description: 'Starttid i svensk tid, ISO 8601' })
  startsAt: string;
  @ApiProperty({ example: 'tisdag 14 mars 2027 kl. 18.00' }) date: string;
  @ApiProperty({ type: String, nullable: true }) city: string | null;
  @ApiProperty({ example: 'planned' }) status: string;
}

export class RegionBoardItemDto {
  @ApiProperty() regionId: number;
  @ApiProperty({ example: '20' }) code: string;
  @ApiProperty({ example: 'Region Dalarna' }) name: string;
  @ApiProperty({ enum: HOSTING_STATUSES }) status: HostingStatus;
  @ApiProperty({ example: 'Tillfrågad' }) statusLabel: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: Date, nullable: true }) lastActivityAt: Date | null;
  @ApiProperty({ type: AskedContactDto, nullable: true }) askedContact: AskedContactDto | null;
  @ApiProperty({ type: LatestHostAnswerDto, nullable: true }) latestAnswer: LatestHostAnswerDto | null;
  @ApiProperty({ type: BoardMeetingDto, nullable: true }) meeting: BoardMeetingDto | null;
}

export class RegionBoardDto {
  @ApiProperty({ type: [RegionBoardItemDto] }) items: RegionBoardItemDto[];
}

export class RegionHistoryItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: [...HOSTING_STATUSES, null], type: String, nullable: true })
  fromStatus: HostingStatus | null;
  @ApiProperty({ type: String, nullable: true }) fromLabel: string | null;
  @ApiProperty({ enum: HOSTING_STATUSES }) toStatus: HostingStatus;
  @ApiProperty() toLabel: string;
  @ApiProperty({ enum: ['request_sent', 'answer', 'staff', 'deadline', 'meeting'] }) cause: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contactId: string | null;
  @ApiProperty({ type: String, nullable: true }) contactName: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty() createdAt: Date;
}

export class RegionHistoryDto {
  @ApiProperty({ type: [RegionHistoryItemDto] }) items: RegionHistoryItemDto[];
}

export class HostResponseDto {
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty({ type: String, nullable: true }) firstName: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName: string | null;
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
  @ApiProperty() regionId: number;
  @ApiProperty() regionName: string;
  @ApiProperty({ enum: HOST_ANSWERS }) answer: HostAnswer;
  @ApiProperty() answerLabel: string;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, nullable: true }) suggestedDates: string | null;
  @ApiProperty({ type: String, nullable: true }) contactPerson: string | null;
  @ApiProperty() answeredAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class HostResponseListDto {
  @ApiProperty({ type: [HostResponseDto] }) items: HostResponseDto[];
}
