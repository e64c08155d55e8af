import {
  CONTACT_LANGUAGES,
  CONTACT_ROLES,
  ContactFilter,
  ContactLanguage,
  ContactRole,
  EXPORT_FORMATS,
  ExportFormat,
  ORGANIZATION_KINDS,
  OrganizationKind,
} from '@app/crm';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** The export's query: the format and the same filters as the contact list. */
export class ExportContactsQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;

  @ApiPropertyOptional({ description: 'Fritext: namn, e-post, organisation ("oberg" hittar "Öberg")' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
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
  @Transform(toInt)
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
  tag?: string;

  @ApiPropertyOptional({ enum: CONTACT_LANGUAGES })
  @IsOptional()
  @IsIn(CONTACT_LANGUAGES)
  language?: ContactLanguage;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  elected?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  listId?: string;
}

export function toContactFilter(q: ExportContactsQueryDto): ContactFilter {
  const filter: ContactFilter = {};
  if (q.q?.trim()) filter.q = q.q.trim();
  if (q.organizationId) filter.organizationId = q.organizationId;
  if (q.organizationKind) filter.organizationKind = q.organizationKind;
  if (q.regionId !== undefined) filter.regionId = q.regionId;
  if (q.role) filter.role = q.role;
  if (q.tag?.trim()) filter.tag = q.tag.trim();
  if (q.language) filter.language = q.language;
  if (q.elected !== undefined) filter.elected = q.elected;
  if (q.listId) filter.listId = q.listId;
  return filter;
}
