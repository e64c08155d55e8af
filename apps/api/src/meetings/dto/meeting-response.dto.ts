import { PageDto } from '@app/common';
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
import { ApiProperty } from '@nestjs/swagger';
import { RegionRefDto } from '../../contacts/dto/contact-response.dto';

export class MeetingHostOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class MeetingRepresentativeDto {
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty({ type: String, nullable: true }) firstName: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
  @ApiProperty({ enum: REPRESENTATIVE_PARTS }) part: RepresentativePart;
  @ApiProperty({ example: 'Förtroendevald' }) partLabel: string;
}

export class ResponseCountsDto implements Record<ResponseState, number> {
  @ApiProperty({ type: 'integer' }) invited: number;
  @ApiProperty({ type: 'integer' }) yes: number;
  @ApiProperty({ type: 'integer' }) no: number;
  @ApiProperty({ type: 'integer' }) maybe: number;
  @ApiProperty({ type: 'integer' }) waitlisted: number;
  @ApiProperty({ type: 'integer' }) attended: number;
  @ApiProperty({ type: 'integer' }) no_show: number;
  @ApiProperty({ type: 'integer' }) cancelled: number;
}

export class MeetingViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ type: RegionRefDto }) region: RegionRefDto;
  @ApiProperty({ type: MeetingHostOrganizationDto, nullable: true })
  hostOrganization: MeetingHostOrganizationDto | null;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'UTC (ISO)' }) startsAt: Date;
  @ApiProperty({ description: 'UTC (ISO)' }) endsAt: Date;
  @ApiProperty({ example: 'tisdag 14 mars 2017 kl. 18.00' }) startsAtText: string;
  @ApiProperty({ example: '18.00–20.00' }) timeText: string;
  @ApiProperty({ type: String, nullable: true }) venue: string | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: String, nullable: true }) city: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) capacity: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Lediga platser; null: ingen gräns' })
  placesLeft: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) rsvpDeadline: Date | null;
  @ApiProperty({ type: String, nullable: true, example: 'fredag 10 mars 2017 kl. 23.59' })
  rsvpDeadlineText: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) agenda: string | null;
  @ApiProperty({ enum: MEETING_STATUSES }) status: MeetingStatus;
  @ApiProperty({ example: 'Planerat' }) statusLabel: string;
  @ApiProperty({ type: 'integer', description: 'Kalenderhändelsens SEQUENCE' }) calendarSequence: number;
  @ApiProperty({ type: MeetingRepresentativeDto, isArray: true }) representatives: MeetingRepresentativeDto[];
  @ApiProperty({
    enum: REPRESENTATIVE_PARTS,
    isArray: true,
    description: 'Slag av regional representant som saknas (en av varje önskas)',
  })
  representativesMissing: RepresentativePart[];
  @ApiProperty({ type: ResponseCountsDto }) responseCounts: ResponseCountsDto;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class MeetingPageDto extends PageDto(MeetingViewDto) {}

export class MeetingResponseRowDto {
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty({ type: String, nullable: true }) firstName: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
  @ApiProperty({ enum: RESPONSE_STATES }) state: ResponseState;
  @ApiProperty({ enum: [...RSVP_ANSWERS, null], type: String, nullable: true }) answer: RsvpAnswer | null;
  @ApiProperty({ type: String, nullable: true }) diet: string | null;
  @ApiProperty({ type: String, nullable: true }) accessibility: string | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, isArray: true }) companions: string[];
  @ApiProperty() invited: boolean;
  @ApiProperty() walkIn: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) waitlistedAt: Date | null;
  @ApiProperty() updatedAt: Date;
}

export class MeetingResponsePageDto extends PageDto(MeetingResponseRowDto) {}

export class AnswerResultDto {
  @ApiProperty({ enum: RESPONSE_STATES }) state: ResponseState;
  @ApiProperty({ enum: [...RSVP_ANSWERS, null], type: String, nullable: true }) answer: RsvpAnswer | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Plats i kön (1 = nästa) när väntelistad' })
  waitlistPosition: number | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    isArray: true,
    description: 'Kontakter som flyttades upp från väntelistan av ändringen',
  })
  promoted: string[];
}
