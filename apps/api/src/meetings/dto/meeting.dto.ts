import { IsSingleLine, PageQueryDto } from '@app/common';
import {
  MEETING_STATUSES,
  MeetingStatus,
  REPRESENTATIVE_PARTS,
  RepresentativePart,
  RESPONSE_STATES,
  ResponseState,
  RSVP_ANSWERS,
  RsvpAnswer,
} from '@app/meetings';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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
import { toInt } from '../../contacts/dto/query-transforms';

const TIME_DESCRIPTION =
  'Svensk tid utan tidszon ("2017-03-14T18:00", Europe/Stockholm, sommartid inräknad) eller en ISO-tid med tidszon';

export class CreateMeetingDto {
  @ApiProperty({ format: 'uuid', description: 'Omgången mötet hör till' })
  @IsUUID('all', { message: 'roundId måste vara ett UUID' })
  roundId: string;

  @ApiProperty({ type: 'integer', description: 'Regionen mötet hålls i (värdregionen)' })
  @IsInt()
  @Min(1)
  regionId: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Värdorganisationen' })
  @IsOptional()
  @IsUUID('all', { message: 'hostOrganizationId måste vara ett UUID' })
  hostOrganizationId?: string | null;

  @ApiProperty({ example: 'Dialogmöte om kulturplanen' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  title: string;

  @ApiProperty({ example: '2017-03-14T18:00', description: TIME_DESCRIPTION })
  @IsString()
  @MaxLength(40)
  @IsSingleLine()
  startsAt: string;

  @ApiProperty({ example: '2017-03-14T20:00', description: TIME_DESCRIPTION })
  @IsString()
  @MaxLength(40)
  @IsSingleLine()
  endsAt: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Kulturhuset' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  venue?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Storgatan 1' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @IsSingleLine()
  address?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Falun' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSingleLine()
  city?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    description: 'Platser; null: ingen gräns',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  capacity?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2017-03-10',
    description: 'Sista dag att svara ("2017-03-10": till dagens slut, svensk tid) eller en tid som startsAt',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsSingleLine()
  rsvpDeadline?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  agenda?: string | null;
}

const EDITABLE_STATUSES = ['planned', 'invited', 'held'] as const;

export class UpdateMeetingDto extends PartialType(
  OmitType(CreateMeetingDto, ['roundId', 'regionId'] as const),
) {
  @ApiPropertyOptional({
    enum: EDITABLE_STATUSES,
    description: 'planned, invited eller held; ett möte ställs in med POST /api/meetings/{id}/cancel',
  })
  @IsOptional()
  @IsIn(EDITABLE_STATUSES, {
    message:
      'status måste vara planned, invited eller held; ställ in mötet med POST /api/meetings/{id}/cancel',
  })
  status?: Exclude<MeetingStatus, 'cancelled'>;

  @ApiPropertyOptional({
    default: true,
    description: 'Ny tid eller plats: skicka ett ändringsmeddelande med kalenderfil till de som kommer',
  })
  @IsOptional()
  @IsBoolean()
  notify?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Ändringsmeddelandets text; standardtexten när den utelämnas',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  noticeText?: string | null;
}

export class CancelMeetingDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Meddelandet till de som skulle komma; standardtexten när det utelämnas',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  text?: string | null;
}

export class ListMeetingsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'roundId måste vara ett UUID' })
  roundId?: string;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  regionId?: number;

  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @IsOptional()
  @IsIn(MEETING_STATUSES, { message: `status måste vara en av: ${MEETING_STATUSES.join(', ')}` })
  status?: MeetingStatus;
}

export class RepresentativeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'contactId måste vara ett UUID' })
  contactId: string;

  @ApiProperty({
    enum: REPRESENTATIVE_PARTS,
    description: 'elected: förtroendevald; civil_servant: tjänsteperson',
  })
  @IsIn(REPRESENTATIVE_PARTS, { message: 'part måste vara elected eller civil_servant' })
  part: RepresentativePart;
}

export class SetRepresentativesDto {
  @ApiProperty({ type: RepresentativeDto, isArray: true })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RepresentativeDto)
  representatives: RepresentativeDto[];
}

export class SetResponseDto {
  @ApiProperty({
    enum: RSVP_ANSWERS,
    description: 'yes utöver kapaciteten hamnar på väntelistan om inte overCapacity är true',
  })
  @IsIn(RSVP_ANSWERS, { message: `answer måste vara en av: ${RSVP_ANSWERS.join(', ')}` })
  answer: RsvpAnswer;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Varför (sparas i historiken)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;

  @ApiPropertyOptional({ default: false, description: 'Ge en plats även om mötet är fullt (överbokning)' })
  @IsOptional()
  @IsBoolean()
  overCapacity?: boolean;
}

export class ListResponsesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RESPONSE_STATES })
  @IsOptional()
  @IsIn(RESPONSE_STATES, { message: `state måste vara en av: ${RESPONSE_STATES.join(', ')}` })
  state?: ResponseState;
}
