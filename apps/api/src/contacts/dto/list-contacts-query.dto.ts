import {
  CONTACT_LANGUAGES,
  CONTACT_ROLES,
  CONTACT_SORTS,
  ContactFilter,
  ContactLanguage,
  ContactRole,
  ContactSort,
  MAX_PAGE_SIZE,
  ORGANIZATION_KINDS,
  OrganizationKind,
  SortOrder,
} from '@app/crm';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { toBool, toInt } from './query-transforms';

/** Paging and sorting of a contact list (also used for list members). */
export class ContactPageQueryDto {
  @ApiPropertyOptional({ enum: CONTACT_SORTS, default: 'name' })
  @IsOptional()
  @IsIn(CONTACT_SORTS)
  sort?: ContactSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: SortOrder;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor från föregående sida' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Räkna alla träffar (total)' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  count?: boolean;
}

/** GET /api/contacts: the filter fields as query parameters, plus paging. */
export class ListContactsQueryDto extends ContactPageQueryDto {
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

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  elected?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  listId?: string;
}

export function filterOf(dto: ListContactsQueryDto): ContactFilter {
  const { q, organizationId, organizationKind, regionId, role, tag, language, elected, listId } = dto;
  const filter: ContactFilter = {
    q,
    organizationId,
    organizationKind,
    regionId,
    role,
    tag,
    language,
    elected,
    listId,
  };
  for (const key of Object.keys(filter) as (keyof ContactFilter)[]) {
    if (filter[key] === undefined) delete filter[key];
  }
  return filter;
}
