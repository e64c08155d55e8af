import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsSingleLine } from '../control-characters';
import { MAX_CURSOR_LENGTH } from './keyset-cursor';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, PageQuery } from './page';

/** A query string's whole number as a number; anything else is left for IsInt to refuse (`?limit=abc` → 400). */
export const queryInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim()) ? Number(value) : value;

/**
 * The paging parameters every staff list takes, as query parameters: extend it and add the list's filters.
 *
 * A list with a cursor format of its own redeclares `cursor` with its own rule (`@IsContactCursor() declare
 * cursor?: string`). Note that class-validator then drops every inherited rule of `cursor` but `@IsOptional()`,
 * so that rule must check the whole value (type, length, characters), as the ones here do.
 */
export class PageQueryDto implements PageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_LIMIT,
    default: DEFAULT_PAGE_LIMIT,
    description: 'Rader per sida',
  })
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    maxLength: MAX_CURSOR_LENGTH,
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'nextCursor från föregående sida; utelämnas för första sidan',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  @IsSingleLine()
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'ogiltig cursor: använd nextCursor från föregående sida' })
  cursor?: string;
}
