import { PageDto } from '@app/common';
import { ContactImport, IMPORT_FIELDS, IMPORT_STATUSES, ImportField, ImportStatus } from '@app/crm';
import { ApiProperty } from '@nestjs/swagger';

export class ImportRowErrorDto {
  @ApiProperty({ description: 'Radnummer i filen (CSV: fysisk rad där posten börjar; XLSX: radnummer)' })
  line: number;

  @ApiProperty({
    example: 'Dubblett av rad 2 (e-post)',
    description: 'Varför, utan värdet självt: radfel sparas och får inte innehålla personuppgifter',
  })
  reason: string;

  @ApiProperty({
    enum: [...IMPORT_FIELDS, null],
    type: String,
    nullable: true,
    description: 'Fältet felet gäller, när det gäller ett fält',
  })
  field: ImportField | null;

  @ApiProperty({
    enum: ['skipped', 'warning'],
    description: 'skipped: raden importerades inte; warning: ett värde ignorerades',
  })
  kind: 'skipped' | 'warning';
}

export class ImportViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: IMPORT_STATUSES })
  status: ImportStatus;

  @ApiProperty()
  filename: string;

  @ApiProperty({ description: 'Antal datarader (uppskattat medan importen pågår, exakt när den är klar)' })
  total: number;

  @ApiProperty()
  processed: number;

  @ApiProperty()
  created: number;

  @ApiProperty()
  updated: number;

  @ApiProperty({ description: 'Exakt antal rader som inte importerades' })
  skipped: number;

  @ApiProperty({
    type: [ImportRowErrorDto],
    description:
      'De första 1000 radfelen och varningarna; tas bort IMPORT_ERROR_RETENTION_DAYS dagar efter att importen avslutades',
  })
  errors: ImportRowErrorDto[];

  @ApiProperty({ type: String, nullable: true })
  errorMessage: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty({ type: Date, nullable: true })
  startedAt: Date | null;

  @ApiProperty({ type: Date, nullable: true })
  finishedAt: Date | null;
}

export class ImportPageDto extends PageDto(ImportViewDto) {}

export function toImportView(i: ContactImport): ImportViewDto {
  return {
    id: i.id,
    status: i.status,
    filename: i.filename,
    total: i.total,
    processed: i.processed,
    created: i.created,
    updated: i.updated,
    skipped: i.skipped,
    errors: i.errors.map((e) => ({
      line: e.line,
      reason: e.reason,
      field: e.field ?? null,
      kind: e.kind ?? 'skipped',
    })),
    errorMessage: i.errorMessage,
    createdAt: i.createdAt,
    startedAt: i.startedAt,
    finishedAt: i.finishedAt,
  };
}
