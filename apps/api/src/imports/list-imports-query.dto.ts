import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toInt } from '../contacts/dto/query-transforms';

export const IMPORTS_PAGE_MAX = 200;

/** `?limit=abc` is a 400, not silently the default (as DefaultValuePipe + ParseIntPipe made it). */
export class ListImportsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: IMPORTS_PAGE_MAX, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(IMPORTS_PAGE_MAX)
  limit?: number;
}
