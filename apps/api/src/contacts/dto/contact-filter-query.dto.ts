import { ContactFilter } from '@app/crm';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import { ContactFilterDto } from './contact-filter.dto';
import { toBool, toInt } from './query-transforms';

/**
 * The contact filter as query parameters (contact list, list members, exports): the same fields and rules as
 * the JSON filter, with the two non-text parameters converted from their query-string text first.
 */
export class ContactFilterQueryDto extends ContactFilterDto {
  @ApiPropertyOptional({ type: Number })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  declare regionId?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'Förtroendevald' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  declare elected?: boolean;
}

/** The filter a query describes, without empty parameters. */
export function filterOf(dto: ContactFilter): ContactFilter {
  const filter: ContactFilter = {};
  if (dto.q?.trim()) filter.q = dto.q.trim();
  if (dto.organizationId) filter.organizationId = dto.organizationId;
  if (dto.organizationKind) filter.organizationKind = dto.organizationKind;
  if (dto.regionId !== undefined) filter.regionId = dto.regionId;
  if (dto.role) filter.role = dto.role;
  if (dto.tag?.trim()) filter.tag = dto.tag.trim();
  if (dto.language) filter.language = dto.language;
  if (dto.elected !== undefined) filter.elected = dto.elected;
  if (dto.listId) filter.listId = dto.listId;
  return filter;
}
