import { IsSingleLine, PageDto } from '@app/common';
import { MAX_MEMBERS_PER_REQUEST } from '@app/crm';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

export class CreateListDto {
  @ApiProperty({ example: 'Kulturchefer 2026' })
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
}

export class UpdateListDto extends PartialType(CreateListDto) {}

export class ListMembersDto {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: MAX_MEMBERS_PER_REQUEST })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_MEMBERS_PER_REQUEST)
  @IsUUID('all', { each: true, message: 'contactIds får bara innehålla UUID:n' })
  contactIds: string[];
}

export class ListResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() memberCount: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class ListListDto extends PageDto(ListResponseDto) {}

export class MembersAddedDto {
  @ApiProperty({ description: 'Nya medlemmar (redan befintliga räknas inte)' }) added: number;
  @ApiProperty() memberCount: number;
}

export class MembersRemovedDto {
  @ApiProperty() removed: number;
  @ApiProperty() memberCount: number;
}
