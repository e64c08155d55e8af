import { IsSingleLine } from '@app/common';
import { ORGANIZATION_KINDS, OrganizationKind } from '@app/crm';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength, Min } from 'class-validator';

export class CreateOrganizationDto {
  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS, { message: `kind måste vara en av: ${ORGANIZATION_KINDS.join(', ')}` })
  kind: OrganizationKind;

  @ApiProperty({ example: 'Sveriges Hembygdsförbund' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  @IsSingleLine()
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'SHF' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @IsSingleLine()
  shortName?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  regionId?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://www.hembygd.se' })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'website måste vara en webbadress som börjar med http:// eller https://' },
  )
  @MaxLength(500)
  @IsSingleLine()
  website?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;
}
