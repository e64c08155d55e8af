import { CAMPAIGN_STATUSES, CampaignAudience, CampaignStatus } from '@app/campaigns';
import { RECIPIENT_STATUSES, RecipientStatus } from '@app/sending';
import { IsSingleLine, PageQueryDto } from '@app/common';
import { EXPORT_FORMATS, ExportFormat } from '@app/crm';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class CampaignAudienceDto {
  @ApiProperty({ enum: ['list', 'segment', 'contacts'] })
  @IsIn(['list', 'segment', 'contacts'])
  type: 'list' | 'segment' | 'contacts';

  @ApiPropertyOptional({ format: 'uuid', description: 'När type=list' })
  @ValidateIf((a: CampaignAudienceDto) => a.type === 'list')
  @IsUUID()
  listId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'När type=segment' })
  @ValidateIf((a: CampaignAudienceDto) => a.type === 'segment')
  @IsUUID()
  segmentId?: string;

  @ApiPropertyOptional({ type: [String], description: 'När type=contacts' })
  @ValidateIf((a: CampaignAudienceDto) => a.type === 'contacts')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100_000)
  @IsUUID('all', { each: true })
  contactIds?: string[];
}

export function toCampaignAudience(a: CampaignAudienceDto): CampaignAudience {
  if (a.type === 'list') return { type: 'list', listId: a.listId! };
  if (a.type === 'segment') return { type: 'segment', segmentId: a.segmentId! };
  return { type: 'contacts', contactIds: a.contactIds! };
}

// Deliberately loose: the service gives the precise Swedish message (parseStockholmTime).
const TIME_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/**
 * A new campaign: name, audience, template and sender are required. (UpdateCampaignDto is this with every field
 * optional; a required field here must not inherit an @IsOptional, or a missing one would reach the service.)
 */
export class CreateCampaignDto {
  @ApiProperty({ example: 'Inbjudan dialogmöte hösten 2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  name: string;

  @ApiProperty({ type: CampaignAudienceDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignAudienceDto)
  audience: CampaignAudienceDto;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  templateId: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'En viss version av mallen; annars den aktuella versionen när kampanjen startar',
  })
  @IsOptional()
  @IsUUID()
  templateVersionId?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Ersätter mallens ämnesrad (Handlebars tillåtet)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsSingleLine()
  subject?: string | null;

  @ApiProperty({ example: 'Förbundets kansli' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  fromName: string;

  @ApiProperty({ example: 'kansli@forbundet.se' })
  @IsString()
  @MaxLength(254)
  fromAddress: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  replyTo?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-12-01T09:30',
    description: 'ISO-tid med tidszon, eller svensk tid utan (Europe/Stockholm). null: tillbaka till utkast.',
  })
  @IsOptional()
  @IsString()
  @Matches(TIME_RE, { message: 'scheduledAt måste vara en tid som 2026-12-01T09:30' })
  scheduledAt?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Högst så många meddelanden per minut' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateLimitPerMinute?: number | null;
}

/** Changes to a draft or scheduled campaign: any of the fields; scheduledAt null makes it a draft again. */
export class UpdateCampaignDto extends PartialType(CreateCampaignDto) {}

export class ListCampaignsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;
}

export class AudiencePreviewQueryDto {
  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  limit?: number;
}

/** The dry run of an audience before any campaign is saved (the wizard's first step). */
export class AudiencePreviewRequestDto {
  @ApiProperty({ type: CampaignAudienceDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignAudienceDto)
  audience: CampaignAudienceDto;

  @ApiPropertyOptional({
    default: 50,
    minimum: 0,
    maximum: 1000,
    description: 'Högst så många namn i urvalet',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  limit?: number;
}

export class TestSendDto {
  @ApiProperty({ example: 'jag@forbundet.se' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Kontakten vars uppgifter fylls i (annars exempeldata)',
  })
  @IsOptional()
  @IsUUID()
  contactId?: string;
}

export class PauseCampaignDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RecipientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RECIPIENT_STATUSES })
  @IsOptional()
  @IsIn(RECIPIENT_STATUSES)
  status?: RecipientStatus;

  @ApiPropertyOptional({
    pattern: '^\\d{1,19}$',
    description: 'nextCursor från föregående sida (ett rad-id)',
  })
  @Matches(/^\d{1,19}$/, { message: 'cursor måste vara ett id (heltal)' })
  declare cursor?: string;
}

export class RecipientsExportQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;

  @ApiPropertyOptional({ enum: RECIPIENT_STATUSES })
  @IsOptional()
  @IsIn(RECIPIENT_STATUSES)
  status?: RecipientStatus;
}
