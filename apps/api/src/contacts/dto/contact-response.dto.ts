import { MESSAGE_PURPOSES, MessagePurpose } from '@app/mail';
import { RECIPIENT_STATUSES } from '@app/sending';
import { PageDto } from '@app/common';
import {
  AddressSuppression,
  CONTACT_LANGUAGES,
  CONTACT_ROLES,
  ContactLanguage,
  ContactRole,
  ContactView,
  ORGANIZATION_KINDS,
  OrganizationKind,
  SUPPRESSION_REASONS,
  SuppressionReason,
  SuppressionView,
} from '@app/crm';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class OrganizationRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind: OrganizationKind;
}

export class RegionRefDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '04' }) code: string;
  @ApiProperty({ example: 'Region Sörmland' }) name: string;
}

export class SuppressionDto implements SuppressionView {
  @ApiProperty({
    enum: SUPPRESSION_REASONS,
    description:
      'unsubscribed: avregistrerad; bounced: adressen finns inte; complained: anmälde skräppost; ' +
      'manual: spärrad för hand; erased: raderad enligt GDPR (kan inte hävas)',
  })
  reason: SuppressionReason;

  @ApiProperty({ description: 'När adressen spärrades' })
  since: Date;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'mailing:6f1c0a8e-3f7e-4b0a-9d7c-2f4c1e9b8a11',
    description: 'Vad som spärrade: mailing:<id> (avregistreringslänk), smtp:<kod>, staff:<användar-id> …',
  })
  source: string | null;
}

export class ContactResponseDto implements ContactView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+46704264531' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true, example: '070-426 45 31' }) phoneDisplay: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) organizationId: string | null;
  @ApiProperty({ type: OrganizationRefDto, nullable: true }) organization: OrganizationRefDto | null;
  @ApiProperty({ type: Number, nullable: true }) regionId: number | null;
  @ApiProperty({ type: RegionRefDto, nullable: true }) region: RegionRefDto | null;
  @ApiProperty({ enum: CONTACT_ROLES, isArray: true }) roles: ContactRole[];
  @ApiProperty() elected: boolean;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ enum: CONTACT_LANGUAGES }) language: ContactLanguage;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) customFields: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ type: String, nullable: true }) legalBasis: string | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({
    type: SuppressionDto,
    nullable: true,
    description: 'Spärr av adressen (inga utskick når den); null när adressen får få utskick',
  })
  suppression: SuppressionDto | null;
}

export class ContactPageDto extends PageDto(ContactResponseDto) {}

export class AddressSuppressionDto implements AddressSuppression {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Kontakten med adressen, om någon',
  })
  contactId: string | null;

  @ApiProperty({ type: SuppressionDto }) suppression: SuppressionDto;
}

export class DeleteContactResponseDto {
  @ApiProperty() deleted: boolean;
  @ApiProperty({ description: 'true vid GDPR-radering (erase=true)' }) erased: boolean;
  @ApiProperty({ description: 'En hashad spärr av e-postadressen sparades' }) suppressed: boolean;
}

class ExportOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() kind: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) shortName: string | null;
  @ApiProperty({ type: String, nullable: true }) website: string | null;
}

class ExportRegionDto {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() letter: string;
  @ApiProperty() name: string;
  @ApiProperty() seat: string;
}

class ExportListDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() addedAt: Date;
}

class ExportSuppressionDto {
  @ApiProperty() suppressed: boolean;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: Date, nullable: true }) since: Date | null;
}

/** GDPR art. 15: everything held about one person. */
/** One row of the sending ledger about the person: a message sent (or meant) to them. */
export class HeldMailingDto {
  @ApiProperty({ format: 'uuid' }) mailingId: string;
  @ApiProperty({ description: 'Utskickets namn' }) title: string;
  @ApiProperty({ enum: MESSAGE_PURPOSES }) purpose: MessagePurpose;
  @ApiProperty({ description: 'Adressen det gick till' }) email: string;
  @ApiProperty({ enum: RECIPIENT_STATUSES }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: Date | null;
}

/**
 * One record of the meetings part about the person; `kind` says which: meeting_response (an answer and
 * attendance, with diet, accessibility, comment, companions), host_response, representative, check_in or
 * region_event. Only the fields of its kind are present.
 */
export class HeldMeetingRecordDto {
  @ApiProperty({ enum: ['meeting_response', 'host_response', 'representative', 'check_in', 'region_event'] })
  kind: string;
  @ApiPropertyOptional({ format: 'uuid' }) meetingId?: string;
  @ApiPropertyOptional() meetingTitle?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) startsAt?: Date;
  @ApiPropertyOptional({ type: String, nullable: true }) answer?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) attendance?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) diet?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) accessibility?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) comment?: string | null;
  @ApiPropertyOptional({ description: 'Kollegor som följer med, kommaseparerade' }) companions?: string;
  @ApiPropertyOptional() invited?: boolean;
  @ApiPropertyOptional() walkIn?: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) answeredAt?: Date | null;
  @ApiPropertyOptional({ format: 'uuid' }) roundId?: string;
  @ApiPropertyOptional() roundName?: string;
  @ApiPropertyOptional() regionId?: number;
  @ApiPropertyOptional({ type: String, nullable: true }) suggestedDates?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) contactPerson?: string | null;
  @ApiPropertyOptional({ description: 'elected eller civil_servant' }) part?: string;
  @ApiPropertyOptional({ description: 'check_in eller walk_in' }) operation?: string;
  @ApiPropertyOptional({ format: 'uuid' }) clientId?: string;
  @ApiPropertyOptional() toStatus?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) note?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) createdAt?: Date;
}

/** One of the person's answers to a survey that is not anonymous (anonymous answers are nobody's). */
export class HeldSurveyAnswerDto {
  @ApiProperty({ enum: ['survey_answer'] }) kind: string;
  @ApiProperty({ format: 'uuid' }) surveyId: string;
  @ApiProperty({ description: 'Enkätens namn' }) survey: string;
  @ApiProperty({ description: 'Frågan' }) question: string;
  @ApiProperty({ description: 'Svaret: betyget, de valda alternativen eller texten' }) answer: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

/** Mail received from the person or about their address (replies, auto-replies, bounces, complaints). */
export class HeldReplyDto {
  @ApiProperty({ enum: ['hard_bounce', 'soft_bounce', 'complaint', 'auto_reply', 'reply', 'unreadable'] })
  kind: string;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt: Date;
  @ApiProperty({ type: String, nullable: true }) fromAddress: string | null;
  @ApiProperty({ type: String, nullable: true }) subject: string | null;
  @ApiProperty({ type: String, nullable: true }) text: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Utskicket det gällde' }) mailingTitle:
    string | null;
}

/** What the rest of the system keeps about the person, per part that keeps it. */
class HeldDataDto {
  @ApiProperty({
    type: [HeldReplyDto],
    description: 'Inkommande post: svar, automatiska svar, studsar, klagomål',
  })
  replies: HeldReplyDto[];
  @ApiProperty({ type: [HeldMailingDto], description: 'Utskicksregistret: vad som skickades och när' })
  mailings: HeldMailingDto[];
  @ApiProperty({
    type: [HeldMeetingRecordDto],
    description: 'Möten: svar, närvaro, värdsvar, uppdrag som regionens representant, incheckningar',
  })
  meetings: HeldMeetingRecordDto[];
  @ApiProperty({ type: [HeldSurveyAnswerDto], description: 'Enkäter: svaren på enkäter som inte är anonyma' })
  surveys: HeldSurveyAnswerDto[];
}

export class PersonalDataExportDto {
  @ApiProperty() exportedAt: string;
  @ApiProperty({ type: ContactResponseDto }) contact: ContactResponseDto;
  @ApiProperty({ type: ExportOrganizationDto, nullable: true }) organization: ExportOrganizationDto | null;
  @ApiProperty({ type: ExportRegionDto, nullable: true }) region: ExportRegionDto | null;
  @ApiProperty({ type: [ExportListDto] }) lists: ExportListDto[];
  @ApiProperty({ type: ExportSuppressionDto }) suppression: ExportSuppressionDto;
  @ApiProperty({ type: HeldDataDto }) held: HeldDataDto;
}
