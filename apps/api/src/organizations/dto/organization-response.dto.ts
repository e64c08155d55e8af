import { PageDto } from '@app/common';
import { ORGANIZATION_KINDS, OrganizationKind, OrganizationView } from '@app/crm';
import { ApiProperty } from '@nestjs/swagger';
import { RegionRefDto } from '../../contacts/dto/contact-response.dto';

export class OrganizationResponseDto implements OrganizationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind: OrganizationKind;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) shortName: string | null;
  @ApiProperty({ type: Number, nullable: true }) regionId: number | null;
  @ApiProperty({ type: RegionRefDto, nullable: true }) region: RegionRefDto | null;
  @ApiProperty({ type: String, nullable: true }) website: string | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty() contactCount: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class OrganizationListDto extends PageDto(OrganizationResponseDto) {}
