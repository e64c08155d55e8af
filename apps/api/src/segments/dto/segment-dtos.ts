import { IsSingleLine, MAX_PAGE_LIMIT, PageDto } from '@app/common';
import { DEFAULT_PREVIEW_SIZE } from '@app/crm';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ContactFilterDto } from '../../contacts/dto/contact-filter.dto';
import { ContactPageDto } from '../../contacts/dto/contact-response.dto';
import { ContactCursorPageQueryDto } from '../../contacts/dto/list-contacts-query.dto';

export class CreateSegmentDto {
  @ApiProperty({ example: 'Kulturchefer i samverkansmodellen' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ type: ContactFilterDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactFilterDto)
  filter: ContactFilterDto;
}

export class UpdateSegmentDto extends PartialType(CreateSegmentDto) {}

/** Paging of a preview: like every list, but 20 rows by default. */
export class PreviewQueryDto extends ContactCursorPageQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_LIMIT,
    default: DEFAULT_PREVIEW_SIZE,
  })
  declare limit?: number;
}

/** POST /api/segments/preview: the filter, and the paging parameters in the body beside it. */
export class PreviewSegmentDto extends PreviewQueryDto {
  @ApiProperty({ type: ContactFilterDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactFilterDto)
  filter: ContactFilterDto;
}

export class SegmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: ContactFilterDto }) filter: ContactFilterDto;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class SegmentWithCountDto extends SegmentResponseDto {
  @ApiProperty({ description: 'Antal kontakter som matchar nu' }) count: number;
}

export class SegmentListDto extends PageDto(SegmentResponseDto) {}

/** The matching contacts by name, paged like the contact list and counted exactly. */
export class SegmentPreviewDto extends ContactPageDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Samma som total (äldre namn)' }) count: number;
}
