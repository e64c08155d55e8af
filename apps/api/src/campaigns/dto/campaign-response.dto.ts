import { CAMPAIGN_STATUSES, CampaignStatus } from '@app/campaigns';
import { EXCLUSION_REASONS, ExclusionReason, RECIPIENT_STATUSES, RecipientStatus } from '@app/sending';
import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '@app/common';
import { RecipientCountsDto } from '../../common-dto/recipient-counts.dto';

export class CampaignAudienceViewDto {
  @ApiProperty({ enum: ['list', 'segment', 'contacts'] }) type: 'list' | 'segment' | 'contacts';
  @ApiProperty({ required: false, format: 'uuid', description: 'När type=list' }) listId?: string;
  @ApiProperty({ required: false, format: 'uuid', description: 'När type=segment' }) segmentId?: string;
  @ApiProperty({ required: false, type: [String], description: 'När type=contacts' }) contactIds?: string[];
}

export class CampaignViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status: CampaignStatus;
  @ApiProperty({ type: CampaignAudienceViewDto }) audience: CampaignAudienceViewDto;
  @ApiProperty({ format: 'uuid' }) templateId: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Fastställd när kampanjen startar',
  })
  templateVersionId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Ersätter mallens ämnesrad' }) subject:
    string | null;
  @ApiProperty() fromName: string;
  @ApiProperty() fromAddress: string;
  @ApiProperty({ type: String, nullable: true }) replyTo: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'UTC' }) scheduledAt:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'yyyy-mm-dd HH:MM, Europe/Stockholm' })
  scheduledAtStockholm: string | null;
  @ApiProperty({ type: Number, nullable: true }) rateLimitPerMinute: number | null;
  @ApiProperty({ type: String, nullable: true }) pauseReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CampaignProgressDto {
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status: CampaignStatus;
  @ApiProperty({ type: RecipientCountsDto, description: 'Antal mottagare per status' })
  counts: RecipientCountsDto;
  @ApiProperty() total: number;
}

export class CampaignDetailDto extends CampaignViewDto {
  @ApiProperty({ type: CampaignProgressDto }) progress: CampaignProgressDto;
  @ApiProperty({ description: 'Hur många som svarat på kampanjen (automatiska svar räknas inte)' })
  replied: number;
}

export class AudiencePreviewContactDto {
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
}

export class AudienceExcludedContactDto extends AudiencePreviewContactDto {
  @ApiProperty({ enum: EXCLUSION_REASONS }) reason: ExclusionReason;
}

export class AudienceIncludedDto {
  @ApiProperty() count: number;
  @ApiProperty({ type: [AudiencePreviewContactDto], description: 'De första (högst limit)' })
  contacts: AudiencePreviewContactDto[];
}

export class ExclusionCountsDto {
  @ApiProperty() no_email: number;
  @ApiProperty() unsubscribed: number;
  @ApiProperty() bounced: number;
  @ApiProperty() complained: number;
  @ApiProperty() suppressed: number;
  @ApiProperty() duplicate_email: number;
}

export class AudiencePreviewDto {
  @ApiProperty({ type: AudienceIncludedDto }) included: AudienceIncludedDto;
  @ApiProperty({ type: [AudienceExcludedContactDto] }) excluded: AudienceExcludedContactDto[];
  @ApiProperty({ type: ExclusionCountsDto }) excludedCounts: ExclusionCountsDto;
}

export class TestSendResultDto {
  @ApiProperty({ description: 'Message-ID utan vinkelparenteser' }) messageId: string;
  @ApiProperty({ description: 'Serverns svar (eller utkorgens)' }) response: string;
  @ApiProperty() subject: string;
}

export class RecipientViewDto {
  @ApiProperty({ description: 'Raden i mottagarregistret (bigint som sträng)' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contactId: string | null;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true }) firstName: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName: string | null;
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
  @ApiProperty({ enum: RECIPIENT_STATUSES }) status: RecipientStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, nullable: true }) smtpResponse: string | null;
  @ApiProperty({ type: String, nullable: true }) messageId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
}

export class RecipientPageDto extends PageDto(RecipientViewDto) {}

/** A page of campaigns, each with its progress (one query for the page's ledgers). */
export class CampaignPageDto extends PageDto(CampaignDetailDto) {}
