import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import { AppException } from '@app/common';
import { LedgerRepository, MailingLifecycle, UncertainRecipients } from '@app/sending';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  MailingDto,
  ResolvedUncertainDto,
  ResolveUncertainDto,
  UncertainPageDto,
  UncertainQueryDto,
} from './dto/mailing.dto';

/**
 * Mailings of every purpose (a campaign's mailing has the campaign's id), and the uncertain rows of their
 * ledgers that staff settle.
 */
@ApiTags('mailings')
@Controller('api/mailings')
export class MailingsController {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly lifecycle: MailingLifecycle,
    private readonly uncertain: UncertainRecipients,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'Utskicket med status och antal mottagare per status' })
  @ApiOkResponse({ type: MailingDto })
  @ApiNotFoundResponse({ description: 'Utskicket finns inte' })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<MailingDto> {
    const mailing = await this.ledger.findMailing(id);
    if (!mailing) throw AppException.notFound('Utskicket', id);
    const { counts, total } = await this.lifecycle.progress(id);
    return {
      id: mailing.id,
      purpose: mailing.purpose,
      scopeType: mailing.scopeType,
      scopeId: mailing.scopeId,
      title: mailing.title,
      status: mailing.status,
      pauseReason: mailing.pauseReason,
      startedAt: mailing.startedAt,
      finishedAt: mailing.finishedAt,
      counts,
      total,
    };
  }

  @Get(':id/uncertain')
  @ApiOperation({
    summary:
      'Osäkra mottagare: kanske levererade (arbetaren dog, eller anslutningen bröts efter överlämningen)',
  })
  @ApiOkResponse({ type: UncertainPageDto })
  list(@Param('id', ParseUUIDPipe) id: string, @Query() query: UncertainQueryDto): Promise<UncertainPageDto> {
    return this.uncertain.list(id, query) as Promise<UncertainPageDto>;
  }

  @Post(':id/recipients/:recipientId/resolve')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Avgör en osäker mottagare: markera som skickad, eller skicka en gång till (loggas)',
  })
  @ApiOkResponse({ type: ResolvedUncertainDto })
  @ApiConflictResponse({ description: 'Mottagaren är inte osäker längre, eller utskicket är avbrutet' })
  resolve(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('recipientId') recipientId: string,
    @Body() dto: ResolveUncertainDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<ResolvedUncertainDto> {
    return this.uncertain.resolve(id, recipientId, dto.resolution, actor);
  }
}
