import { AuditActor } from '@app/audit';
import { CurrentActor, Roles } from '@app/auth';
import { AppException } from '@app/common';
import { ReplyAnswersService } from '@app/meetings';
import { InboundMailSink, RepliesService } from '@app/tracking';
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import {
  InboundOutcomeDto,
  ReplyAnswerDto,
  ReplyAnswerResultDto,
  ReplyDetailDto,
  ReplyPageDto,
  ReplyQueryDto,
  SetHandledDto,
} from './dto/reply.dto';

/**
 * A received message's HTML, sanitised when it came in, under a policy that fetches nothing at all (images only
 * as data:), in a sandbox; the staff web app frames it (same origin), no other site may.
 */
export const REPLY_HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'";

/** Mail taken in through the API (an administrator's tool, and the benches): a raw message as its body. */
@ApiTags('replies')
@Controller('api/inbound')
export class InboundController {
  constructor(private readonly sink: InboundMailSink) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Ta emot ett e-postmeddelande (rå MIME): klassas som studs, klagomål, automatiskt svar eller svar och ' +
      'hanteras som om det kommit med e-post; ett oläsbart meddelande sparas i listan "kunde inte läsas"',
  })
  @ApiConsumes('message/rfc822', 'application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: InboundOutcomeDto })
  @ApiBadRequestResponse({ description: 'Inget meddelande i förfrågan' })
  @ApiPayloadTooLargeResponse({ description: 'Meddelandet är större än 10 MiB' })
  async receive(@Req() req: Request, @CurrentActor() actor: AuditActor): Promise<InboundOutcomeDto> {
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw AppException.validation(
        'Inget meddelande i förfrågan: skicka hela e-postmeddelandet som message/rfc822 eller application/octet-stream',
      );
    return this.sink.receive(body, { kind: 'api', userId: actor.userId ?? null });
  }
}

/** The staff inbox of received mail. */
@ApiTags('replies')
@Controller('api/replies')
export class RepliesController {
  constructor(
    private readonly replies: RepliesService,
    private readonly answers: ReplyAnswersService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Inkorgen: svar, automatiska svar, studsar, klagomål och (kind=unreadable) meddelanden som inte kunde läsas, ' +
      'nyast först',
  })
  @ApiOkResponse({ type: ReplyPageDto })
  list(@Query() query: ReplyQueryDto): Promise<ReplyPageDto> {
    return this.replies.list({
      limit: query.limit,
      cursor: query.cursor,
      kind: query.kind,
      campaignId: query.campaignId,
      meetingId: query.meetingId,
      contactId: query.contactId,
      handled: query.handled === undefined ? undefined : query.handled === 'true',
    });
  }

  @Get(':id')
  @ApiOkResponse({ type: ReplyDetailDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ReplyDetailDto> {
    return this.replies.get(id);
  }

  @Get(':id/html')
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'Meddelandets HTML, tvättad, utan skript och utan något som hämtas utifrån',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', REPLY_HTML_CSP)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('Cache-Control', 'no-store')
  html(@Param('id', ParseUUIDPipe) id: string): Promise<string> {
    return this.replies.html(id);
  }

  @Patch(':id')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Markera som hanterat (eller inte); loggas' })
  @ApiOkResponse({ type: ReplyDetailDto })
  setHandled(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SetHandledDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<ReplyDetailDto> {
    return this.replies.setHandled(id, dto.handled, actor);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Roles('admin', 'editor')
  @ApiOperation({
    summary:
      'Gör om ett svar till ett svar på förfrågan: värdskap (förfrågan om värdskap) eller OSA (inbjudan, ' +
      'påminnelse); historik, logg och regiontavlan flyttas som när personen svarar via länken',
  })
  @ApiOkResponse({ type: ReplyAnswerResultDto })
  @ApiConflictResponse({
    description:
      'Inte ett svar, redan omgjort, utan kontakt, fel sorts utskick, eller svarstiden har gått ut',
  })
  answer(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReplyAnswerDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<ReplyAnswerResultDto> {
    return this.answers.convert(id, { answer: dto.answer, comment: dto.comment }, actor);
  }
}
