import { EXACT_TOTAL_THRESHOLD, PageQueryDto } from '@app/common';
import { CONTACT_SORTS, ContactSort, SortOrder } from '@app/crm';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ContactFilterQueryDto, filterOf } from './contact-filter-query.dto';
import { IsContactCursor } from './contact-cursor';
import { toBool } from './query-transforms';

/**
 * The paging parameters of every list (`limit`, `cursor`), with the cursor narrowed to the contact list's own
 * (contact-keyset.ts). Used by the contact list, list members and segment previews.
 */
export class ContactCursorPageQueryDto extends PageQueryDto {
  @IsContactCursor()
  declare cursor?: string;
}

/** Paging and sorting of a contact list (also used for list members). */
export class ContactPageQueryDto extends ContactCursorPageQueryDto {
  @ApiPropertyOptional({ enum: CONTACT_SORTS, default: 'name' })
  @IsOptional()
  @IsIn(CONTACT_SORTS)
  sort?: ContactSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: SortOrder;

  @ApiPropertyOptional({
    description:
      `Räkna alla träffar exakt. Utan den är total exakt upp till ${EXACT_TOTAL_THRESHOLD} träffar och ` +
      'annars en uppskattning (totalIsEstimate: true)',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  count?: boolean;
}

/** GET /api/contacts: the filter fields as query parameters, plus paging. */
export class ListContactsQueryDto extends IntersectionType(ContactPageQueryDto, ContactFilterQueryDto) {}

export { filterOf };
