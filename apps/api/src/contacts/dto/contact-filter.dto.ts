import { IsSingleLine } from '@app/common';
import {
  CONTACT_LANGUAGES,
  CONTACT_ROLES,
  ContactFilter,
  ContactLanguage,
  ContactRole,
  ORGANIZATION_KINDS,
  OrganizationKind,
} from '@app/crm';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';

/** The contact filter as a JSON body (saved segments, previews). Unknown fields are refused. */
export class ContactFilterDto implements ContactFilter {
  @ApiPropertyOptional({ description: 'Fritext: namn, e-post, organisation ("oberg" hittar "Öberg")' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS })
  @IsOptional()
  @IsIn(ORGANIZATION_KINDS)
  organizationKind?: OrganizationKind;

  @ApiPropertyOptional({ type: Number })
  @IsOptional()
  @IsInt()
  @Min(1)
  regionId?: number;

  @ApiPropertyOptional({ enum: CONTACT_ROLES })
  @IsOptional()
  @IsIn(CONTACT_ROLES)
  role?: ContactRole;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSingleLine()
  tag?: string;

  @ApiPropertyOptional({ enum: CONTACT_LANGUAGES })
  @IsOptional()
  @IsIn(CONTACT_LANGUAGES)
  language?: ContactLanguage;

  @ApiPropertyOptional({ description: 'Förtroendevald' })
  @IsOptional()
  @IsBoolean()
  elected?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Medlemmar i listan' })
  @IsOptional()
  @IsUUID()
  listId?: string;
}
