import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import { AppException } from '@app/common';
import { ContactImportService, parseMappingJson } from '@app/crm';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ImportPreviewDto, toImportPreview } from './import-preview.dto';
import { ImportPageDto, ImportViewDto, toImportView } from './import-view.dto';
import { ListImportsQueryDto } from './list-imports-query.dto';
import { PreviewImportDto, StartImportDto } from './start-import.dto';
import { UploadTooLargeFilter } from './upload-too-large.filter';

/** What multer's memory storage hands over (the fields used here). */
interface UploadedImportFile {
  originalname: string;
  buffer: Buffer;
}

@ApiTags('Import')
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly imports: ContactImportService) {}

  @Post('contacts')
  @Roles('admin', 'editor')
  @HttpCode(202)
  @UseFilters(UploadTooLargeFilter)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Importera kontakter från CSV eller XLSX (körs som jobb)' })
  @ApiAcceptedResponse({ schema: { properties: { id: { type: 'string', format: 'uuid' } } } })
  async start(
    @UploadedFile() file: UploadedImportFile | undefined,
    @Body() body: StartImportDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<{ id: string }> {
    if (!file) throw AppException.validation('Ingen fil skickades. Lägg filen i formulärfältet "file".');
    const created = await this.imports.start(
      {
        filename: utf8FileName(file.originalname),
        content: file.buffer,
        mapping: parseMappingJson(body.mapping),
        organizationKind: body.organizationKind,
      },
      actor,
    );
    return { id: created.id };
  }

  @Post('contacts/preview')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @UseFilters(UploadTooLargeFilter)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: PreviewImportDto })
  @ApiOperation({
    summary: 'Förhandsvisa en importfil: kolumnerna, föreslagen mappning och de första raderna',
    description:
      'Samma kontroller och storleksgräns som uppladdningen, utom att en saknad e-postkolumn inte är ett fel ' +
      '(den kan mappas). Ingenting sparas.',
  })
  @ApiOkResponse({ type: ImportPreviewDto })
  async preview(@UploadedFile() file: UploadedImportFile | undefined): Promise<ImportPreviewDto> {
    if (!file) throw AppException.validation('Ingen fil skickades. Lägg filen i formulärfältet "file".');
    return toImportPreview(await this.imports.preview(file.buffer));
  }

  @Get()
  @ApiOperation({ summary: 'Senaste importerna' })
  @ApiOkResponse({ type: ImportPageDto })
  async list(@Query() query: ListImportsQueryDto): Promise<ImportPageDto> {
    const page = await this.imports.list(query);
    return { ...page, items: page.items.map(toImportView) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'En import: status, framsteg och radfel' })
  @ApiOkResponse({ type: ImportViewDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ImportViewDto> {
    return toImportView(await this.imports.get(id));
  }
}

/** Browsers send UTF-8 file names, which the multipart parser reads as Latin-1 ("kontakter-Ã¥.csv"). */
function utf8FileName(name: string): string {
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? name : decoded;
}
