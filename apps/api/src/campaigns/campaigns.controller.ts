import { RepliesService } from '@app/tracking';
import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import {
  AudiencePreview,
  CampaignProgress,
  CampaignRecipientsExportService,
  CampaignSendingService,
  CampaignsService,
  CampaignView,
  RecipientPage,
} from '@app/campaigns';
import { Clock, formatStockholmDate, Page } from '@app/common';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  MessageEvent,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
  Sse,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  AudiencePreviewDto,
  CampaignDetailDto,
  CampaignPageDto,
  CampaignProgressDto,
  CampaignViewDto,
  RecipientPageDto,
  TestSendResultDto,
} from './dto/campaign-response.dto';
import type { Response } from 'express';
import { concatMap, from, interval, map, Observable, startWith, takeWhile } from 'rxjs';
import { streamDownload } from '../exports/streamed-download';
import {
  AudiencePreviewQueryDto,
  AudiencePreviewRequestDto,
  CreateCampaignDto,
  ListCampaignsQueryDto,
  PauseCampaignDto,
  RecipientsExportQueryDto,
  RecipientsQueryDto,
  TestSendDto,
  toCampaignAudience,
  UpdateCampaignDto,
} from './dto/campaign.dto';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** How often the progress stream sends the counts. */
export const PROGRESS_INTERVAL_MS = 1000;

@ApiTags('campaigns')
@Controller('api/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly exports: CampaignRecipientsExportService,
    private readonly sending: CampaignSendingService,
    private readonly clock: Clock,
    private readonly replies: RepliesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Kampanjerna, nyaste först, var och en med sitt förlopp' })
  @ApiOkResponse({ type: CampaignPageDto })
  async list(
    @Query() query: ListCampaignsQueryDto,
  ): Promise<Page<CampaignView & { progress: CampaignProgress; replied: number }>> {
    const page = await this.campaigns.list(query);
    const ids = page.items.map((c) => c.id);
    const [progress, replied] = await Promise.all([
      this.sending.progressOfMany(page.items),
      this.replies.repliedByCampaign(ids),
    ]);
    return {
      ...page,
      items: page.items.map((c) => ({
        ...c,
        progress: progress.get(c.id)!,
        replied: replied.get(c.id) ?? 0,
      })),
    };
  }

  @Post('audience-preview')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Provkörning av en mottagargrupp innan kampanjen sparas: vilka som får den, vilka som inte får den och varför',
  })
  @ApiOkResponse({ type: AudiencePreviewDto })
  @ApiBadRequestResponse({ description: 'Okänd lista eller okänt segment, eller inga kontakter (audience)' })
  previewAudience(@Body() dto: AudiencePreviewRequestDto): Promise<AudiencePreview> {
    return this.campaigns.audiencePreviewFor(toCampaignAudience(dto.audience), dto.limit ?? 50);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Kampanjen med status och antal mottagare per status' })
  @ApiOkResponse({ type: CampaignDetailDto })
  async get(
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CampaignView & { progress: CampaignProgress; replied: number }> {
    const campaign = await this.campaigns.get(id);
    const [progress, replied] = await Promise.all([this.progress(id), this.replies.repliedByCampaign([id])]);
    return { ...campaign, progress, replied: replied.get(id) ?? 0 };
  }

  @Post()
  @Roles('admin', 'editor')
  @ApiCreatedResponse({ type: CampaignViewDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält (namnges i meddelandet)' })
  create(@Body() dto: CreateCampaignDto, @CurrentActor() actor: AuditActor): Promise<CampaignView> {
    return this.campaigns.create({ ...dto, audience: toCampaignAudience(dto.audience) }, actor);
  }

  @Patch(':id')
  @Roles('admin', 'editor')
  @ApiOperation({
    summary: 'Ändra ett utkast eller en schemalagd kampanj; scheduledAt null gör den till utkast',
  })
  @ApiOkResponse({ type: CampaignViewDto })
  @ApiConflictResponse({ description: 'Kampanjen har startat och kan inte ändras' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCampaignDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<CampaignView> {
    const { audience, ...rest } = dto;
    return this.campaigns.update(
      id,
      audience ? { ...rest, audience: toCampaignAudience(audience) } : rest,
      actor,
    );
  }

  @Delete(':id')
  @Roles('admin', 'editor')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Borttagen' })
  @ApiConflictResponse({ description: 'Kampanjen har startat och kan inte tas bort' })
  async remove(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: AuditActor): Promise<void> {
    await this.campaigns.remove(id, actor);
  }

  @Get(':id/audience-preview')
  @ApiOperation({ summary: 'Provkörning: vilka som får kampanjen och vilka som inte får den, och varför' })
  @ApiOkResponse({ type: AudiencePreviewDto })
  audiencePreview(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: AudiencePreviewQueryDto,
  ): Promise<AudiencePreview> {
    return this.campaigns.audiencePreview(id, query.limit ?? 50);
  }

  @Post(':id/test')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Skicka ett provmeddelande ("[TEST] " i ämnet) till en adress; registreras inte' })
  @ApiOkResponse({ type: TestSendResultDto })
  sendTest(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: TestSendDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<{ messageId: string; response: string; subject: string }> {
    return this.campaigns.sendTest(id, dto, actor);
  }

  @Post(':id/start')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignProgressDto })
  @ApiConflictResponse({ description: 'Kampanjens status tillåter det inte' })
  start(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: AuditActor,
  ): Promise<CampaignProgress> {
    return this.sending.start(id, actor);
  }

  @Post(':id/pause')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignProgressDto })
  @ApiConflictResponse({ description: 'Kampanjens status tillåter det inte' })
  pause(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PauseCampaignDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<CampaignProgress> {
    return this.sending.pause(id, actor, dto.reason);
  }

  @Post(':id/resume')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignProgressDto })
  @ApiConflictResponse({ description: 'Kampanjens status tillåter det inte' })
  resume(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: AuditActor,
  ): Promise<CampaignProgress> {
    return this.sending.resume(id, actor);
  }

  @Post(':id/cancel')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignProgressDto })
  @ApiConflictResponse({ description: 'Kampanjens status tillåter det inte' })
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: AuditActor,
  ): Promise<CampaignProgress> {
    return this.sending.cancel(id, actor);
  }

  @Get(':id/recipients')
  @ApiOperation({ summary: 'Mottagarregistret, filtrerbart på status, keyset-paginerat (nextCursor)' })
  @ApiOkResponse({ type: RecipientPageDto })
  recipients(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: RecipientsQueryDto,
  ): Promise<RecipientPage> {
    return this.campaigns.recipients(id, query);
  }

  @Get(':id/recipients/export')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Mottagarregistret som CSV (svensk Excel) eller XLSX' })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse({
    description: 'Filen (CSV: UTF-8 med BOM, semikolon, CRLF; XLSX)',
    content: {
      [CONTENT_TYPES.csv]: { schema: { type: 'string' } },
      [CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async exportRecipients(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: RecipientsExportQueryDto,
    @Res() res: Response,
    @CurrentActor() actor: AuditActor,
  ): Promise<void> {
    await this.campaigns.get(id); // a 404 before anything is written
    const format = query.format ?? 'csv';
    const filename = `mottagare-${id.slice(0, 8)}-${formatStockholmDate(this.clock.now())}.${format}`;
    await streamDownload(res, { contentType: CONTENT_TYPES[format], filename }, (start) =>
      this.exports.export(id, format, query.status, res, actor, start),
    );
  }

  /** Server-sent events: the counts now and then every second, until the campaign is sent or cancelled. */
  @Sse(':id/events')
  @ApiOperation({ summary: 'Förlopp som server-sent events (för förloppsindikatorn)' })
  @ApiOkResponse({
    description:
      'Händelser `progress` med data som CampaignProgressDto, varje sekund tills kampanjen är klar',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  async events(@Param('id', ParseUUIDPipe) id: string): Promise<Observable<MessageEvent>> {
    await this.campaigns.get(id); // an unknown campaign is a plain 404, not an error inside the stream
    return interval(PROGRESS_INTERVAL_MS).pipe(
      startWith(-1),
      concatMap(() => from(this.progress(id))),
      takeWhile((p) => p.status !== 'sent' && p.status !== 'cancelled', true),
      map((p) => ({ type: 'progress', data: p })),
    );
  }

  /** The sending engine's progress: status, counts per recipient status, total. */
  private progress(id: string): Promise<CampaignProgress> {
    return this.sending.progress(id);
  }
}
