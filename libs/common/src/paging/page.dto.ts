import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { EXACT_TOTAL_THRESHOLD } from './page-total';
import type { Page } from './page';

/**
 * The OpenAPI schema of a page of `item`, for `@ApiOkResponse({ type: … })`: extend it under the name the
 * schema should have,
 *
 *   export class ContactPageDto extends PageDto(ContactResponseDto) {}
 */
export function PageDto<T>(item: Type<T>): Type<Page<T>> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: item, isArray: true })
    items: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Skicka som cursor för nästa sida; null på sista sidan',
    })
    nextCursor: string | null;

    @ApiProperty({
      type: 'integer',
      minimum: 0,
      description:
        `Antal rader i hela listan med filtren (oavsett cursor): exakt upp till ${EXACT_TOTAL_THRESHOLD} ` +
        'rader, därutöver PostgreSQL:s uppskattning (då är totalIsEstimate true)',
    })
    total: number;

    @ApiProperty({ description: 'true när total är en uppskattning ("ca 100 000")' })
    totalIsEstimate: boolean;
  }
  Object.defineProperty(PageOfItems, 'name', { value: `${item.name.replace(/Dto$/, '')}PageBase` });
  return PageOfItems;
}
