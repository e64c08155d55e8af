import { IsSingleLine } from '@app/common';
import { MESSAGE_PURPOSES, MessagePurpose } from '@app/mail';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';

const TEMPLATE_LANGUAGES = ['sv', 'en'] as const;

export class TemplateSourceDto {
  @ApiProperty({ example: 'Hej {{default firstName "du"}}!' })
  @IsString()
  @MaxLength(500)
  @IsSingleLine()
  subject: string;

  @ApiProperty({ description: 'MJML med Handlebars-variabler' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500_000)
  mjml: string;
}

export class TemplateVariablesQueryDto {
  @ApiPropertyOptional({ enum: MESSAGE_PURPOSES, default: 'newsletter' })
  @IsOptional()
  @IsIn(MESSAGE_PURPOSES, { message: `purpose måste vara ett av: ${MESSAGE_PURPOSES.join(', ')}` })
  purpose?: MessagePurpose;
}

export class CreateTemplateDto {
  @ApiProperty({ example: 'Höstbrev' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  name: string;

  @ApiPropertyOptional({
    enum: MESSAGE_PURPOSES,
    default: 'newsletter',
    description: 'Vad mallen är till för; styr vilka variabler den får använda. Kan inte ändras senare.',
  })
  @IsOptional()
  @IsIn(MESSAGE_PURPOSES, { message: `purpose måste vara ett av: ${MESSAGE_PURPOSES.join(', ')}` })
  purpose?: MessagePurpose;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({
    type: TemplateSourceDto,
    description: 'Svensk version; utan den börjar mallen som en kopia av det inbyggda informationsbrevet',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemplateSourceDto)
  sv?: TemplateSourceDto;

  @ApiPropertyOptional({ type: TemplateSourceDto, nullable: true, description: 'Engelsk version (valfri)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemplateSourceDto)
  en?: TemplateSourceDto | null;
}

/** Name/description edit the template; sv/en write a new version (en: null removes the English variant). */
export class UpdateTemplateDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ type: TemplateSourceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemplateSourceDto)
  sv?: TemplateSourceDto;

  @ApiPropertyOptional({ type: TemplateSourceDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemplateSourceDto)
  en?: TemplateSourceDto | null;
}

export class PreviewTemplateDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Kontakten vars uppgifter fylls i; utan den exempeldata (Anna Andersson)',
  })
  @IsOptional()
  @IsUUID()
  contactId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Standard: mallens aktuella version' })
  @IsOptional()
  @IsUUID()
  versionId?: string;

  @ApiPropertyOptional({ enum: ['sv', 'en'], description: 'Standard: kontaktens språk' })
  @IsOptional()
  @IsIn(['sv', 'en'])
  language?: 'sv' | 'en';
}

export class ListTemplatesQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeArchived?: 'true' | 'false';
}

/** The editor's unsaved text of one language variant: rendered with sample data, never stored. */
export class DraftPreviewDto {
  @ApiProperty({ enum: MESSAGE_PURPOSES, description: 'Mallens syfte: styr vilka variabler som är kända' })
  @IsIn(MESSAGE_PURPOSES, { message: `purpose måste vara ett av: ${MESSAGE_PURPOSES.join(', ')}` })
  purpose: MessagePurpose;

  @ApiProperty({ enum: TEMPLATE_LANGUAGES, description: 'Språkversionen texten är skriven för' })
  @IsIn(TEMPLATE_LANGUAGES, { message: 'language måste vara sv eller en' })
  language: 'sv' | 'en';

  @ApiProperty({ example: 'Hej {{default firstName "du"}}!' })
  @IsString()
  @MaxLength(500)
  @IsSingleLine()
  subject: string;

  @ApiProperty({ description: 'MJML med Handlebars-variabler (högst 500 000 tecken)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500_000)
  mjml: string;
}

export class TemplateTestSendDto {
  @ApiProperty({ example: 'jag@forbundet.se' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({
    enum: TEMPLATE_LANGUAGES,
    description: 'Språkversionen som skickas (standard: svenska)',
  })
  @IsOptional()
  @IsIn(TEMPLATE_LANGUAGES, { message: 'language måste vara sv eller en' })
  language?: 'sv' | 'en';

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Kontakten vars uppgifter fylls i (annars exempeldata)',
  })
  @IsOptional()
  @IsUUID()
  contactId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Standard: mallens aktuella version' })
  @IsOptional()
  @IsUUID()
  versionId?: string;
}
