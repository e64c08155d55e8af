import { IsSingleLine, PageQueryDto } from '@app/common';
import { ORGANIZATION_KINDS, OrganizationKind } from '@app/crm';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { toInt } from '../../contacts/dto/query-transforms';

/** Filters and paging (by name) of the organisation list. */
export class ListOrganizationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS })
  @IsOptional()
  @IsIn(ORGANIZATION_KINDS)
  kind?: OrganizationKind;

  @ApiPropertyOptional({ type: Number })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  regionId?: number;

  @ApiPropertyOptional({ description: 'Namn eller kortnamn' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  q?: string;
}
