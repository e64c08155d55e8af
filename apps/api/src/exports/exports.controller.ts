import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import { Clock, formatStockholmDate } from '@app/common';
import { ContactExportService } from '@app/crm';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ExportContactsQueryDto, toContactFilter } from './export-contacts-query.dto';
import { streamDownload } from './streamed-download';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

@ApiTags('Export')
@Controller('api/exports')
export class ExportsController {
  constructor(
    private readonly exports: ContactExportService,
    private readonly clock: Clock,
  ) {}

  @Get('contacts')
  @Roles('admin', 'editor')
  @ApiOperation({
    summary:
      'Exportera kontakter som CSV (svensk Excel: UTF-8 med BOM, semikolon, CRLF) eller XLSX, strömmat',
    description:
      'Ett fel innan filen börjat skickas besvaras som JSON med felkod; ett fel mitt i filen bryter anslutningen, ' +
      'så att nedladdningen misslyckas synligt i stället för att se ut som en kortare, hel fil.',
  })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse({
    description: 'Filen',
    content: {
      [CONTENT_TYPES.csv]: { schema: { type: 'string' } },
      [CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async contacts(
    @Query() query: ExportContactsQueryDto,
    @Res() res: Response,
    @CurrentActor() actor: AuditActor,
  ): Promise<void> {
    const format = query.format ?? 'csv';
    const filename = `kontakter-${formatStockholmDate(this.clock.now())}.${format}`;
    await streamDownload(res, { contentType: CONTENT_TYPES[format], filename }, (start) =>
      this.exports.export(format, toContactFilter(query), res, actor, start),
    );
  }
}
