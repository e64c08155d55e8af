import { CONTACT_SORTS, ContactSort, MAX_PAGE_SIZE, SortOrder } from '@app/crm';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ContactFilterQueryDto, filterOf } from './contact-filter-query.dto';
import { IsContactCursor } from './contact-cursor';
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
  @IsContactCursor()
  cursor?: string;

  @ApiPropertyOptional({ description: 'Räkna alla träffar (total)' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  count?: boolean;
}

/** GET /api/contacts: the filter fields as query parameters, plus paging. */
export class ListContactsQueryDto extends IntersectionType(ContactPageQueryDto, ContactFilterQueryDto) {}

export { filterOf };
