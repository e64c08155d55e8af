import { PageDto } from '@app/common';
import {
  CONTACT_LANGUAGES,
  CONTACT_ROLES,
  ContactLanguage,
  ContactRole,
  ContactView,
  ORGANIZATION_KINDS,
  OrganizationKind,
} from '@app/crm';
import { ApiProperty } from '@nestjs/swagger';

export class OrganizationRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind: OrganizationKind;
}

export class RegionRefDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '04' }) code: string;
  @ApiProperty({ example: 'Region Sörmland' }) name: string;
}

export class ContactResponseDto implements ContactView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+46704264531' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true, example: '070-426 45 31' }) phoneDisplay: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) organizationId: string | null;
  @ApiProperty({ type: OrganizationRefDto, nullable: true }) organization: OrganizationRefDto | null;
  @ApiProperty({ type: Number, nullable: true }) regionId: number | null;
  @ApiProperty({ type: RegionRefDto, nullable: true }) region: RegionRefDto | null;
  @ApiProperty({ enum: CONTACT_ROLES, isArray: true }) roles: ContactRole[];
  @ApiProperty() elected: boolean;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ enum: CONTACT_LANGUAGES }) language: ContactLanguage;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) customFields: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ type: String, nullable: true }) legalBasis: string | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class ContactPageDto extends PageDto(ContactResponseDto) {}

export class DeleteContactResponseDto {
  @ApiProperty() deleted: boolean;
  @ApiProperty({ description: 'true vid GDPR-radering (erase=true)' }) erased: boolean;
  @ApiProperty({ description: 'En hashad spärr av e-postadressen sparades' }) suppressed: boolean;
}

class ExportOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() kind: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) shortName: string | null;
  @ApiProperty({ type: String, nullable: true }) website: string | null;
}

class ExportRegionDto {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() letter: string;
  @ApiProperty() name: string;
  @ApiProperty() seat: string;
}

class ExportListDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() addedAt: Date;
}

class ExportSuppressionDto {
  @ApiProperty() suppressed: boolean;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: Date, nullable: true }) since: Date | null;
}

/** GDPR art. 15: everything held about one person. */
export class PersonalDataExportDto {
  @ApiProperty() exportedAt: string;
  @ApiProperty({ type: ContactResponseDto }) contact: ContactResponseDto;
  @ApiProperty({ type: ExportOrganizationDto, nullable: true }) organization: ExportOrganizationDto | null;
  @ApiProperty({ type: ExportRegionDto, nullable: true }) region: ExportRegionDto | null;
  @ApiProperty({ type: [ExportListDto] }) lists: ExportListDto[];
  @ApiProperty({ type: ExportSuppressionDto }) suppression: ExportSuppressionDto;
}
