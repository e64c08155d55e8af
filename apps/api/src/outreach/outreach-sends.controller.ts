import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import { OutreachProgress, OutreachSendInput, OutreachSendsService, OutreachSendView } from '@app/meetings';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateOutreachSendDto,
  OutreachProgressDto,
  OutreachSendDto,
  OutreachSendListDto,
  PauseOutreachSendDto,
  UpdateOutreachSendDto,
} from './dto/outreach.dto';

const CONFLICT = 'Utskickets status tillåter det inte';

/** Host requests (per round) and invitations (per meeting): drafts, then start, pause, resume, cancel. */
@ApiTags('outreach')
@Controller('api')
export class OutreachSendsController {
  constructor(private readonly sends: OutreachSendsService) {}

  @Post('rounds/:id/host-requests')
  @Roles('admin', 'editor')
  @ApiOperation({
    summary: 'Ny värdförfrågan (utkast) till regionernas kulturchefer; standardmallen "vardforfragan"',
  })
  @ApiCreatedResponse({ type: OutreachSendDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält, eller en mall för ett annat syfte' })
  @ApiNotFoundResponse({ description: 'Omgången finns inte' })
  createHostRequest(
    @Param('id', ParseUUIDPipe) roundId: string,
    @Body() dto: CreateOutreachSendDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<OutreachSendView> {
    return this.sends.createHostRequest(roundId, dto as OutreachSendInput, actor);
  }

  @Get('rounds/:id/host-requests')
  @ApiOperation({ summary: 'Omgångens värdförfrågningar, nyaste först' })
  @ApiOkResponse({ type: OutreachSendListDto })
  async hostRequests(@Param('id', ParseUUIDPipe) roundId: string): Promise<{ items: OutreachSendView[] }> {
    return { items: await this.sends.listOfRound(roundId, 'host_request') };
  }

  @Post('meetings/:id/invitations')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Ny inbjudan (utkast) till ett möte' })
  @ApiCreatedResponse({ type: OutreachSendDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält, eller en mall för ett annat syfte' })
  @ApiNotFoundResponse({ description: 'Mötet finns inte' })
  @ApiConflictResponse({ description: 'Mötet är inställt eller genomfört' })
  createInvitation(
    @Param('id', ParseUUIDPipe) meetingId: string,
    @Body() dto: CreateOutreachSendDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<OutreachSendView> {
    return this.sends.createInvitation(meetingId, dto as OutreachSendInput, actor);
  }

  @Get('meetings/:id/invitations')
  @ApiOperation({ summary: 'Mötets inbjudningar, nyaste först' })
  @ApiOkResponse({ type: OutreachSendListDto })
  async invitations(@Param('id', ParseUUIDPipe) meetingId: string): Promise<{ items: OutreachSendView[] }> {
    return { items: await this.sends.listOfMeeting(meetingId) };
  }

  @Get('outreach-sends/:id')
  @ApiOkResponse({ type: OutreachSendDto })
  @ApiNotFoundResponse({ description: 'Utskicket finns inte' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<OutreachSendView> {
    return this.sends.get(id);
  }

  @Patch('outreach-sends/:id')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Ändra ett utkast' })
  @ApiOkResponse({ type: OutreachSendDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält, eller en mall för ett annat syfte' })
  @ApiConflictResponse({ description: 'Utskicket har startat och kan inte ändras' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateOutreachSendDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<OutreachSendView> {
    return this.sends.update(id, dto as Partial<OutreachSendInput>, actor);
  }

  @Post('outreach-sends/:id/start')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Starta: mottagarna fryses, påminnelserna läggs upp' })
  @ApiOkResponse({ type: OutreachProgressDto })
  @ApiConflictResponse({ description: CONFLICT })
  start(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: AuditActor,
  ): Promise<OutreachProgress> {
    return this.sends.start(id, actor);
  }

  @Post('outreach-sends/:id/pause')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOkResponse({ type: OutreachProgressDto })
  @ApiConflictResponse({ description: CONFLICT })
  pause(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PauseOutreachSendDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<OutreachProgress> {
    return this.sends.pause(id, actor, dto.reason);
  }

  @Post('outreach-sends/:id/resume')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOkResponse({ type: OutreachProgressDto })
  @ApiConflictResponse({ description: CONFLICT })
  resume(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: AuditActor,
  ): Promise<OutreachProgress> {
    return this.sends.resume(id, actor);
  }

  @Post('outreach-sends/:id/cancel')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Avbryt; också efter utskicket, för att stoppa påminnelserna' })
  @ApiOkResponse({ type: OutreachProgressDto })
  @ApiConflictResponse({ description: CONFLICT })
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: AuditActor,
  ): Promise<OutreachProgress> {
    return this.sends.cancel(id, actor);
  }

  @Get('outreach-sends/:id/progress')
  @ApiOperation({ summary: 'Förloppet: första utskicket och varje påminnelse' })
  @ApiOkResponse({ type: OutreachProgressDto })
  @ApiNotFoundResponse({ description: 'Utskicket finns inte' })
  progress(@Param('id', ParseUUIDPipe) id: string): Promise<OutreachProgress> {
    return this.sends.progress(id);
  }
}
