import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import {
  RenderedMessage,
  TEMPLATE_HELPERS,
  variablesFor,
  TemplateDetail,
  TemplatesService,
  TemplateSummary,
  TemplateVersionView,
  MessagePurpose,
} from '@app/mail';
import {
  TemplateDraftPreview,
  TemplatePreviewService,
  TemplateTestSendService,
  TestSendResult,
} from '@app/sending';
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
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateTemplateDto,
  DraftPreviewDto,
  ListTemplatesQueryDto,
  PreviewTemplateDto,
  TemplateTestSendDto,
  TemplateVariablesQueryDto,
  UpdateTemplateDto,
} from './dto/template.dto';
import {
  RenderedMessageDto,
  TemplateDetailDto,
  TemplateDraftPreviewDto,
  TemplateTestSendResultDto,
  TemplateSummaryDto,
  TemplateVariablesDto,
  TemplateVersionViewDto,
} from './dto/template-response.dto';

@ApiTags('templates')
@Controller('api/templates')
export class TemplatesController {
  constructor(
    private readonly templates: TemplatesService,
    private readonly previews: TemplatePreviewService,
    private readonly testSends: TemplateTestSendService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Mallar (inbyggda och egna), utan arkiverade om inte includeArchived=true' })
  @ApiOkResponse({ type: [TemplateSummaryDto] })
  list(@Query() query: ListTemplatesQueryDto): Promise<TemplateSummary[]> {
    return this.templates.list({ includeArchived: query.includeArchived === 'true' });
  }

  @Get('variables')
  @ApiOkResponse({ type: TemplateVariablesDto })
  @ApiOperation({
    summary: 'Variabler och hjälpfunktioner som mallar för ett syfte får använda (utskick om inget anges)',
  })
  variables(@Query() query: TemplateVariablesQueryDto): {
    purpose: MessagePurpose;
    variables: { name: string; description: string }[];
    helpers: { name: string; example: string }[];
  } {
    const purpose = query.purpose ?? 'newsletter';
    return {
      purpose,
      variables: Object.entries(variablesFor(purpose)).map(([name, description]) => ({ name, description })),
      helpers: TEMPLATE_HELPERS.map((name) => ({ name, example: `{{${name} firstName "du"}}` })),
    };
  }

  @Post('draft-preview')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Förhandsvisa osparad text (en språkversion) med exempeldata, utan att spara: brevet, eller felen med radnummer',
  })
  @ApiOkResponse({ type: TemplateDraftPreviewDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält, t.ex. för lång MJML (namnges i meddelandet)' })
  draftPreview(@Body() dto: DraftPreviewDto): Promise<TemplateDraftPreview> {
    return this.previews.previewDraft(dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Mallen med aktuell version och alla versioner' })
  @ApiOkResponse({ type: TemplateDetailDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<TemplateDetail> {
    return this.templates.get(id);
  }

  @Get(':id/versions/:versionId')
  @ApiOkResponse({ type: TemplateVersionViewDto })
  getVersion(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('versionId', ParseUUIDPipe) versionId: string,
  ): Promise<TemplateVersionView> {
    return this.templates.getVersion(id, versionId);
  }

  @Post()
  @Roles('admin', 'editor')
  @ApiCreatedResponse({ type: TemplateDetailDto })
  @ApiBadRequestResponse({ description: 'MJML-fel eller okända variabler: details.problems med radnummer' })
  @ApiConflictResponse({ description: 'Namnet används redan' })
  create(@Body() dto: CreateTemplateDto, @CurrentActor() actor: AuditActor): Promise<TemplateDetail> {
    return this.templates.create(dto, actor);
  }

  @Patch(':id')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Ändra namn/beskrivning, eller innehållet (skapar en ny version)' })
  @ApiOkResponse({ type: TemplateDetailDto })
  @ApiBadRequestResponse({ description: 'MJML-fel eller okända variabler: details.problems med radnummer' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateTemplateDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<TemplateDetail> {
    return this.templates.update(id, dto, actor);
  }

  @Delete(':id')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Arkivera mallen (kampanjer som använt den behåller den)' })
  @ApiOkResponse({ type: TemplateDetailDto })
  archive(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: AuditActor,
  ): Promise<TemplateDetail> {
    return this.templates.archive(id, actor);
  }

  @Post(':id/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Förhandsvisa en sparad version för en kontakt (eller med exempeldata): ämne, HTML och ren text',
  })
  @ApiOkResponse({ type: RenderedMessageDto })
  preview(@Param('id', ParseUUIDPipe) id: string, @Body() dto: PreviewTemplateDto): Promise<RenderedMessage> {
    return this.previews.preview(id, dto);
  }

  @Post(':id/test')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Skicka den sparade versionen som provmeddelande ("[TEST] " i ämnet) till en adress, samma väg som kampanjers prov; registreras inte i utskicken',
  })
  @ApiOkResponse({ type: TemplateTestSendResultDto })
  @ApiBadRequestResponse({ description: 'Ogiltig adress eller ogiltigt fält' })
  sendTest(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: TemplateTestSendDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<TestSendResult> {
    return this.testSends.send(id, dto, actor);
  }
}
