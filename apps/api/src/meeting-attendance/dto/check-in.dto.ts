import { IsSingleLine } from '@app/common';
import { ORGANIZATION_KINDS, OrganizationKind } from '@app/crm';
import {
  ATTENDANCES,
  Attendance,
  CheckInAnswer,
  RESPONSE_STATES,
  ResponseState,
  RSVP_ANSWERS,
  RsvpAnswer,
} from '@app/meetings';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class AttendanceQueryDto {
  @ApiPropertyOptional({
    description:
      'Sök på namn, e-post eller organisation (skiftläges- och accentokänsligt: "oberg" hittar Öberg)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  q?: string;
}

export class ContactSearchQueryDto {
  @ApiProperty({ description: 'Namn eller e-post; söker bland alla kontakter, inte bara de inbjudna' })
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  q: string;
}

export class CheckInDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'Ett id som klienten skapar för just den här incheckningen: skickas den igen görs den en gång',
  })
  @IsUUID('all', { message: 'clientId måste vara ett UUID' })
  clientId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'contactId måste vara ett UUID' })
  contactId: string;

  @ApiProperty({ enum: ATTENDANCES, description: 'attended: närvarade; no_show: uteblev' })
  @IsIn(ATTENDANCES, { message: 'attendance: attended eller no_show' })
  attendance: Attendance;
}

export class CheckInBatchDto {
  @ApiProperty({ type: [CheckInDto], description: 'Högst 500; var och en besvaras för sig, i ordning' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CheckInDto)
  items: CheckInDto[];
}

export class WalkInDto {
  @ApiProperty({
    format: 'uuid',
    description: 'Klientens id för åtgärden: skickas den igen skapas inget två gånger',
  })
  @IsUUID('all', { message: 'clientId måste vara ett UUID' })
  clientId: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'En befintlig kontakt (hittad med …/attendance/search); annars anges en ny person nedan',
  })
  @IsOptional()
  @IsUUID('all', { message: 'contactId måste vara ett UUID' })
  contactId?: string;

  @ApiPropertyOptional({ example: 'Åsa' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  firstName?: string;

  @ApiPropertyOptional({ example: 'Öberg' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  lastName?: string;

  @ApiPropertyOptional({ description: 'Finns en kontakt med adressen används den' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  @IsSingleLine()
  email?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'En befintlig organisation' })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId måste vara ett UUID' })
  organizationId?: string;

  @ApiPropertyOptional({
    description:
      'Organisationens namn: finns ingen med namnet skapas den (som medlemsorganisation om inget annat anges)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  organizationName?: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS, default: 'member' })
  @IsOptional()
  @IsIn(ORGANIZATION_KINDS)
  organizationKind?: OrganizationKind;
}

export class CheckInAnswerDto implements CheckInAnswer {
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ enum: ['check_in', 'walk_in'] }) kind: 'check_in' | 'walk_in';
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty({ enum: [...RSVP_ANSWERS, null], nullable: true, type: String }) answer: RsvpAnswer | null;
  @ApiProperty({ enum: [...ATTENDANCES, null], nullable: true, type: String }) attendance: Attendance | null;
  @ApiProperty({ enum: RESPONSE_STATES }) state: ResponseState;
  @ApiProperty({ description: 'false för en spontanbesökare som aldrig bjöds in' }) invited: boolean;
  @ApiProperty({ description: 'Kom utan att ha anmält sig' }) walkIn: boolean;
  @ApiProperty({ description: 'false: närvaron var redan registrerad så' }) changed: boolean;
  @ApiProperty({ description: 'En ny kontakt skapades' }) contactCreated: boolean;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Den nya personens organisation',
  })
  organizationId: string | null;
  @ApiProperty({ description: 'En ny organisation skapades' }) organizationCreated: boolean;
  @ApiProperty({ format: 'date-time', description: 'När åtgärden gjordes (första gången)' })
  recordedAt: string;
}

class BatchErrorDto {
  @ApiProperty() code: string;
  @ApiProperty({ description: 'På svenska' }) message: string;
}

export class BatchItemAnswerDto {
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ description: 'Den status raden hade fått ensam: 200, 400, 404 eller 409' }) status: number;
  @ApiProperty({ type: CheckInAnswerDto, nullable: true }) answer: CheckInAnswerDto | null;
  @ApiProperty({ type: BatchErrorDto, nullable: true }) error: BatchErrorDto | null;
}

export class CheckInBatchAnswerDto {
  @ApiProperty({ type: [BatchItemAnswerDto] }) items: BatchItemAnswerDto[];
}

export class AttendanceRowDto {
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organizationId: string | null;
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
  @ApiProperty({ type: String, nullable: true, enum: [...ORGANIZATION_KINDS, null] }) organizationKind:
    string | null;
  @ApiProperty({ enum: [...RSVP_ANSWERS, null], nullable: true, type: String }) answer: RsvpAnswer | null;
  @ApiProperty({ enum: [...ATTENDANCES, null], nullable: true, type: String }) attendance: Attendance | null;
  @ApiProperty({ enum: RESPONSE_STATES }) state: ResponseState;
  @ApiProperty({ type: String, nullable: true, description: 'Kost' }) diet: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Tillgänglighet' }) accessibility: string | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: [String], description: 'Kollegor som följer med' }) companions: string[];
  @ApiProperty() invited: boolean;
  @ApiProperty() walkIn: boolean;
  @ApiProperty({ type: Date, nullable: true }) answeredAt: Date | null;
}

export class AttendanceListDto {
  @ApiProperty({ type: [AttendanceRowDto] }) items: AttendanceRowDto[];
  @ApiProperty({ description: 'Antal på listan (med sökningen)' }) total: number;
}
