import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import {
  SurveyInput,
  SurveyResults,
  SurveyResultsService,
  SurveySendInput,
  SurveySendProgress,
  SurveySendsService,
  SurveysService,
  SurveyView,
} from '@app/surveys';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { streamDownload } from '../exports/streamed-download';
import { ReportExportQueryDto } from '../meeting-reports/dto/report.dto';
import {
  CreateSurveyDto,
  SendSurveyDto,
  SurveyDto,
  SurveyListDto,
  SurveyListQueryDto,
  SurveyResultsDto,
  SurveySendProgressDto,
  UpdateSurveyDto,
} from './dto/survey.dto';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * Surveys: evaluations of meetings and the annual member survey. Every role reads; editors and admins make,
 * change, send, close and export (the files hold free-text answers).
 */
@ApiTags('surveys')
@Controller('api/surveys')
export class SurveysController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly sends: SurveySendsService,
    private readonly results: SurveyResultsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Enkäterna, nyaste först (valfritt bara ett mötes utvärderingar)' })
  @ApiOkResponse({ type: SurveyListDto })
  async list(@Query() query: SurveyListQueryDto): Promise<{ items: SurveyView[] }> {
    return { items: await this.surveys.list(query) };
  }

  @Post()
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Ny enkät: utvärdering av ett möte eller medlemsenkät' })
  @ApiCreatedResponse({ type: SurveyDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält (frågor, svarsalternativ, mötet)' })
  create(@Body() dto: CreateSurveyDto, @CurrentActor() actor: AuditActor): Promise<SurveyView> {
    return this.surveys.create(dto as SurveyInput, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'En enkät med dess frågor' })
  @ApiOkResponse({ type: SurveyDto })
  @ApiNotFoundResponse({ description: 'Enkäten finns inte' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<SurveyView> {
    return this.surveys.get(id);
  }

  @Patch(':id')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Ändra enkäten; frågorna bara så länge ingen har svarat' })
  @ApiOkResponse({ type: SurveyDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält' })
  @ApiNotFoundResponse({ description: 'Enkäten finns inte' })
  @ApiConflictResponse({ description: 'Enkäten har redan svar: frågorna kan inte ändras' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateSurveyDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<SurveyView> {
    return this.surveys.update(id, dto, actor);
  }

  @Delete(':id')
  @Roles('admin', 'editor')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ta bort en enkät som inte har skickats' })
  @ApiNoContentResponse({ description: 'Borttagen' })
  @ApiNotFoundResponse({ description: 'Enkäten finns inte' })
  @ApiConflictResponse({ description: 'Enkäten är redan skickad' })
  async remove(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: AuditActor): Promise<void> {
    await this.surveys.remove(id, actor);
  }

  @Post(':id/close')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stäng enkäten nu: inga fler svar eller ändringar' })
  @ApiOkResponse({ type: SurveyDto })
  @ApiNotFoundResponse({ description: 'Enkäten finns inte' })
  close(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: AuditActor): Promise<SurveyView> {
    return this.surveys.close(id, actor);
  }

  @Post(':id/reopen')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Öppna en stängd enkät igen' })
  @ApiOkResponse({ type: SurveyDto })
  @ApiNotFoundResponse({ description: 'Enkäten finns inte' })
  reopen(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: AuditActor): Promise<SurveyView> {
    return this.surveys.reopen(id, actor);
  }

  @Post(':id/send')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Skicka enkäten (en gång): utvärderingen till dem som var på mötet, medlemsenkäten till valda listor och segment',
  })
  @ApiOkResponse({ type: SurveySendProgressDto })
  @ApiBadRequestResponse({ description: 'Ogiltig mall, avsändare eller mottagare' })
  @ApiNotFoundResponse({ description: 'Enkäten finns inte' })
  @ApiConflictResponse({ description: 'Redan skickad, stängd eller utan frågor' })
  send(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SendSurveyDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<SurveySendProgress> {
    return this.sends.start(id, dto as SurveySendInput, actor);
  }

  @Get(':id/send')
  @ApiOperation({ summary: 'Hur utskicket av enkäten går' })
  @ApiOkResponse({ type: SurveySendProgressDto })
  @ApiNotFoundResponse({ description: 'Enkäten finns inte' })
  progress(@Param('id', ParseUUIDPipe) id: string): Promise<SurveySendProgress> {
    return this.sends.progress(id);
  }

  @Post(':id/send/resume')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Återuppta ett utskick som pausades av sig självt' })
  @ApiOkResponse({ type: SurveySendProgressDto })
  @ApiNotFoundResponse({ description: 'Enkäten finns inte' })
  @ApiConflictResponse({ description: 'Utskicket är inte pausat' })
  resume(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: AuditActor,
  ): Promise<SurveySendProgress> {
    return this.sends.resume(id, actor);
  }

  @Get(':id/results')
  @ApiOperation({
    summary:
      'Resultatet: per fråga medelvärde (betyg) och fördelning, fritextsvaren, svarsfrekvens (svarande/skickade)',
  })
  @ApiOkResponse({ type: SurveyResultsDto })
  @ApiNotFoundResponse({ description: 'Enkäten finns inte' })
  resultsOf(@Param('id', ParseUUIDPipe) id: string): Promise<SurveyResults> {
    return this.results.results(id);
  }

  @Get(':id/results/export')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Resultatet som CSV (svensk Excel) eller XLSX' })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse({
    description: 'Filen (CSV: UTF-8 med BOM, semikolon, CRLF, formelsäkra celler; XLSX)',
    content: {
      [CONTENT_TYPES.csv]: { schema: { type: 'string' } },
      [CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiNotFoundResponse({ description: 'Enkäten finns inte' })
  async export(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ReportExportQueryDto,
    @Res() res: Response,
    @CurrentActor() actor: AuditActor,
  ): Promise<void> {
    // Made whole before anything is written (one survey is small): a failure is still a JSON error.
    const file = await this.results.file(id, query.format ?? 'csv', actor);
    await streamDownload(res, { contentType: file.contentType, filename: file.filename }, async (start) => {
      start();
      res.end(file.body);
    });
  }
}
