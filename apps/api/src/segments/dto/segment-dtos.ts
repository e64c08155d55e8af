import { IsSingleLine } from '@app/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ContactFilterDto } from '../../contacts/dto/contact-filter.dto';
import { ContactResponseDto } from '../../contacts/dto/contact-response.dto';
import { toInt } from '../../contacts/dto/query-transforms';

export class CreateSegmentDto {
  @ApiProperty({ example: 'Kulturchefer i samverkansmodellen' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  name: string;

  @ApiPropertyOptional({ nullable: true })
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

export class PreviewSegmentDto {
  @ApiProperty({ type: ContactFilterDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactFilterDto)
  filter: ContactFilterDto;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class PreviewQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
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

export class SegmentListDto {
  @ApiProperty({ type: [SegmentResponseDto] }) items: SegmentResponseDto[];
}

export class SegmentPreviewDto {
  @ApiProperty() count: number;
  @ApiProperty({ type: [ContactResponseDto], description: 'De första kontakterna, efter namn' })
  items: ContactResponseDto[];
}
