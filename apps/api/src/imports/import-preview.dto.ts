import { IMPORT_FIELDS, IMPORT_PREVIEW_ROWS, ImportField, ImportFilePreview } from '@app/crm';
import { ApiProperty } from '@nestjs/swagger';

export class ImportPreviewColumnDto {
  @ApiProperty({ description: 'Kolumnens plats i filen, från 0' })
  index: number;

  @ApiProperty({ description: 'Rubriken i filen (trimmad, högst 200 tecken); tom om kolumnen saknar rubrik' })
  header: string;

  @ApiProperty({
    enum: [...IMPORT_FIELDS, null],
    type: String,
    nullable: true,
    description: 'Fältet importen fyller från kolumnen utan kolumnmappning; null: kolumnen ignoreras',
  })
  suggested: ImportField | null;
}

export class ImportPreviewRowDto {
  @ApiProperty({ description: 'Radnummer i filen, som i importens radfel' })
  line: number;

  @ApiProperty({
    type: [String],
    description: 'En cell per kolumn, i kolumnernas ordning; högst 200 tecken var',
  })
  cells: string[];
}

/** POST /api/imports/contacts/preview: what the mapping step shows. */
export class ImportPreviewDto {
  @ApiProperty({ enum: ['csv', 'xlsx'] })
  format: 'csv' | 'xlsx';

  @ApiProperty({ type: [ImportPreviewColumnDto] })
  columns: ImportPreviewColumnDto[];

  @ApiProperty({
    type: [ImportPreviewRowDto],
    description: `De första ${IMPORT_PREVIEW_ROWS} dataraderna som kunde läsas`,
  })
  rows: ImportPreviewRowDto[];

  @ApiProperty({
    type: [String],
    enum: IMPORT_FIELDS,
    description: 'Fälten en kolumn kan fylla (i kolumnmappningen, eller "ignore")',
  })
  fields: ImportField[];
}

export function toImportPreview(p: ImportFilePreview): ImportPreviewDto {
  return {
    format: p.format,
    columns: p.header.map((header, index) => ({ index, header, suggested: p.suggested[index] ?? null })),
    rows: p.rows,
    fields: [...IMPORT_FIELDS],
  };
}
