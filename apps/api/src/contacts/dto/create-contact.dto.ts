import { IsSingleLine } from '@app/common';
import { CONTACT_LANGUAGES, CONTACT_ROLES, ContactLanguage, ContactRole } from '@app/crm';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
} from 'class-validator';

/**
 * A new contact. Email and phone are taken as typed: the service normalises the email (trimmed, lower case)
 * and turns any common phone writing into E.164, answering 400 naming the field if it cannot.
 * Null clears a field on PATCH.
 */
export class CreateContactDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Åsa' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  firstName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Öberg' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  lastName?: string | null;

  @ApiPropertyOptional({ type: String, example: 'asa.oberg@example.se', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  @IsSingleLine()
  email?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: '070-426 45 31',
    nullable: true,
    description: 'Lagras som E.164',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @IsSingleLine()
  phone?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  organizationId?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  regionId?: number | null;

  @ApiPropertyOptional({ enum: CONTACT_ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(CONTACT_ROLES, { each: true, message: `roles får bara innehålla: ${CONTACT_ROLES.join(', ')}` })
  roles?: ContactRole[];

  @ApiPropertyOptional({ description: 'Förtroendevald' })
  @IsOptional()
  @IsBoolean()
  elected?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  title?: string | null;

  @ApiPropertyOptional({ enum: CONTACT_LANGUAGES, default: 'sv' })
  @IsOptional()
  @IsIn(CONTACT_LANGUAGES)
  language?: ContactLanguage;

  @ApiPropertyOptional({ type: [String], description: 'Trimmas och dubbletter tas bort' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @IsSingleLine({ each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  customFields?: Record<string, unknown>;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'berättigat intresse' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  legalBasis?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'manuell' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  source?: string | null;
}
