import { AuditActor } from '@app/audit';
import { CurrentActor, Roles } from '@app/auth';
import { Page } from '@app/common';
import {
  AnswerResult,
  MeetingResponsesService,
  MeetingsService,
  MeetingView,
  ResponseRow,
} from '@app/meetings';
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
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CancelMeetingDto,
  CreateMeetingDto,
  ListMeetingsQueryDto,
  ListResponsesQueryDto,
  RepresentativeDto,
  SetRepresentativesDto,
  SetResponseDto,
  UpdateMeetingDto,
} from './dto/meeting.dto';
import {
  AnswerResultDto,
  MeetingPageDto,
  MeetingResponsePageDto,
  MeetingViewDto,
} from './dto/meeting-response.dto';

const ANY_STAFF = ['admin', 'editor', 'viewer'] as const;

@ApiTags('meetings')
@Controller('api/meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly responses: MeetingResponsesService,
  ) {}

  @Get()
  @Roles(...ANY_STAFF)
  @ApiOperation({
    summary: 'Möten i tidsordning, filtrerade på omgång, region och status, keyset-paginerade',
  })
  @ApiOkResponse({ type: MeetingPageDto })
  list(@Query() query: ListMeetingsQueryDto): Promise<Page<MeetingView>> {
    return this.meetings.list(query);
  }

  @Get(':id')
  @Roles(...ANY_STAFF)
  @ApiOkResponse({ type: MeetingViewDto })
  @ApiNotFoundResponse({ description: 'Mötet finns inte' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<MeetingView> {
    return this.meetings.get(id);
  }

  @Post()
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Skapa ett möte; regionen blir "Möte planerat" i omgången' })
  @ApiCreatedResponse({ type: MeetingViewDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält (namnges i meddelandet)' })
  create(@Body() dto: CreateMeetingDto, @CurrentActor() actor: AuditActor): Promise<MeetingView> {
    return this.meetings.create(dto, actor);
  }

  @Patch(':id')
  @Roles('admin', 'editor')
  @ApiOperation({
    summary:
      'Ändra ett möte; ny tid eller plats höjer kalenderns SEQUENCE och meddelar de som kommer (notify), ' +
      'fler platser flyttar upp från väntelistan, held flyttar regionen till "Möte genomfört"',
  })
  @ApiOkResponse({ type: MeetingViewDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält (namnges i meddelandet)' })
  @ApiConflictResponse({ description: 'Mötet är inställt' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateMeetingDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<MeetingView> {
    return this.meetings.update(id, dto, actor);
  }

  @Post(':id/cancel')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Ställ in mötet; de som kommer, kanske kommer eller väntar får ett besked (METHOD:CANCEL)',
  })
  @ApiOkResponse({ type: MeetingViewDto })
  @ApiConflictResponse({ description: 'Mötet är redan genomfört' })
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CancelMeetingDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<MeetingView> {
    return this.meetings.cancel(id, dto, actor);
  }

  @Delete(':id')
  @Roles('admin', 'editor')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Borttaget' })
  @ApiConflictResponse({ description: 'Mötet har inbjudningar; ställ in det i stället' })
  async remove(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: AuditActor): Promise<void> {
    await this.meetings.remove(id, actor);
  }

  @Put(':id/representatives')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Ersätt mötets regionala representanter' })
  @ApiOkResponse({ type: MeetingViewDto })
  setRepresentatives(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SetRepresentativesDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<MeetingView> {
    return this.meetings.setRepresentatives(id, dto.representatives, actor);
  }

  @Post(':id/representatives')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lägg till en regional representant (eller ändra dess roll)' })
  @ApiOkResponse({ type: MeetingViewDto })
  addRepresentative(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RepresentativeDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<MeetingView> {
    return this.meetings.addRepresentative(id, dto, actor);
  }

  @Delete(':id/representatives/:contactId')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Ta bort en regional representant' })
  @ApiOkResponse({ type: MeetingViewDto })
  removeRepresentative(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('contactId', ParseUUIDPipe) contactId: string,
    @CurrentActor() actor: AuditActor,
  ): Promise<MeetingView> {
    return this.meetings.removeRepresentative(id, contactId, actor);
  }

  @Get(':id/responses')
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: 'Mötets inbjudna och deras svar; väntelistan (state=waitlisted) i köordning' })
  @ApiOkResponse({ type: MeetingResponsePageDto })
  async listResponses(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ListResponsesQueryDto,
  ): Promise<Page<ResponseRow>> {
    await this.meetings.get(id);
    return this.responses.list(id, query);
  }

  @Patch(':id/responses/:contactId')
  @Roles('admin', 'editor')
  @ApiOperation({
    summary:
      'Sätt ett svar för hand (registreras i historiken och granskningsloggen); en ja-plats som frigörs går ' +
      'till den första på väntelistan',
  })
  @ApiOkResponse({ type: AnswerResultDto })
  @ApiConflictResponse({ description: 'Mötet är inställt' })
  setResponse(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('contactId', ParseUUIDPipe) contactId: string,
    @Body() dto: SetResponseDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<AnswerResult> {
    return this.responses.setByStaff(id, contactId, dto, actor);
  }
}
