import { IsSingleLine, MAX_CURSOR_LENGTH, queryInt } from '@app/common';
import { DEFAULT_TIMELINE_LIMIT, MAX_TIMELINE_LIMIT } from '@app/meetings';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Paging of a contact's timeline: as every list, but at most 200 items a page (each is several joins). */
export class ContactTimelineQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_TIMELINE_LIMIT,
    default: DEFAULT_TIMELINE_LIMIT,
    description: 'Händelser per sida',
  })
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  @Max(MAX_TIMELINE_LIMIT)
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
