import { IGNORE_COLUMN, IMPORT_FIELDS, ORGANIZATION_KINDS, OrganizationKind } from '@app/crm';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** The multipart form of an import upload (the file itself arrives in the field `file`). */
export class StartImportDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'CSV (komma, semikolon eller tabb) eller XLSX',
  })
  @IsOptional()
  file?: unknown;

  @ApiPropertyOptional({
    description: `Kolumnmappning som JSON: {"rubrik i filen": "fält"}. Fält: ${IMPORT_FIELDS.join(', ')} eller ${IGNORE_COLUMN}. Går före automatisk igenkänning.`,
    example: '{"Mejl": "email", "Förening": "organization"}',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  mapping?: string;

  @ApiPropertyOptional({
    enum: ORGANIZATION_KINDS,
    default: 'member',
    description:
      'Typ för organisationer som importen skapar från rader som inte själva anger en (kolumnen ' +
      'Organisationstyp: region, medlem, partner eller annan). En typ på raden går före, och ändrar även en ' +
      'befintlig organisations typ; den här ändrar aldrig en befintlig organisation',
  })
  @IsOptional()
  @IsIn(ORGANIZATION_KINDS)
  organizationKind?: OrganizationKind;
}

/** The multipart form of a preview: only the file. */
export class PreviewImportDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'CSV (komma, semikolon eller tabb) eller XLSX',
  })
  file: unknown;
}
