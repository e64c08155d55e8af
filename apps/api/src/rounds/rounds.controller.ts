import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import {
  HostResponseView,
  RegionBoardItem,
  RegionHistoryItem,
  RoundsService,
  RoundView,
} from '@app/meetings';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Patch,
  Post,
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
  CreateRoundDto,
  HostResponseListDto,
  RegionBoardDto,
  RegionBoardItemDto,
  RegionHistoryDto,
  RoundDto,
  RoundListDto,
  SetRegionStatusDto,
  UpdateRoundDto,
} from './dto/round.dto';

/** Outreach rounds, the region board and the hosting status staff set by hand. */
@ApiTags('rounds')
@Controller('api/rounds')
export class RoundsController {
  constructor(private readonly rounds: RoundsService) {}

  @Get()
  @ApiOperation({ summary: 'Omgångarna, nyaste först' })
  @ApiOkResponse({ type: RoundListDto })
  async list(): Promise<{ items: RoundView[] }> {
    return { items: await this.rounds.list() };
  }

  @Get(':id')
  @ApiOkResponse({ type: RoundDto })
  @ApiNotFoundResponse({ description: 'Omgången finns inte' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<RoundView> {
    return this.rounds.get(id);
  }

  @Post()
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Ny omgång; alla 21 regioner får status "Inte tillfrågad"' })
  @ApiCreatedResponse({ type: RoundDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält (namnges i meddelandet)' })
  @ApiConflictResponse({ description: 'Det finns redan en omgång med det namnet' })
  create(@Body() dto: CreateRoundDto, @CurrentActor() actor: AuditActor): Promise<RoundView> {
    return this.rounds.create(dto, actor);
  }

  @Patch(':id')
  @Roles('admin', 'editor')
  @ApiOkResponse({ type: RoundDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält (namnges i meddelandet)' })
  @ApiConflictResponse({ description: 'Det finns redan en omgång med det namnet' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateRoundDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<RoundView> {
    return this.rounds.update(id, dto, actor);
  }

  @Delete(':id')
  @Roles('admin', 'editor')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Borttagen' })
  @ApiConflictResponse({ description: 'Omgången har utskick eller möten och kan inte tas bort' })
  async remove(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: AuditActor): Promise<void> {
    await this.rounds.remove(id, actor);
  }

  @Get(':id/regions')
  @ApiOperation({
    summary: 'Regiontavlan: alla 21 regioner med status, tillfrågad kontakt, senaste svar och omgångens möte',
  })
  @ApiOkResponse({ type: RegionBoardDto })
  async board(@Param('id', ParseUUIDPipe) id: string): Promise<{ items: RegionBoardItem[] }> {
    return { items: await this.rounds.board(id) };
  }

  @Patch(':id/regions/:regionId')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Sätt en regions status för hand (med en anteckning som sparas i historiken)' })
  @ApiOkResponse({ type: RegionBoardItemDto })
  @ApiBadRequestResponse({ description: 'Okänd status' })
  @ApiNotFoundResponse({ description: 'Omgången eller regionen finns inte' })
  setStatus(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('regionId', ParseIntPipe) regionId: number,
    @Body() dto: SetRegionStatusDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<RegionBoardItem> {
    return this.rounds.setRegionStatus(id, regionId, dto, actor);
  }

  @Get(':id/regions/:regionId/history')
  @ApiOperation({ summary: 'En regions statushistorik i omgången, äldst först' })
  @ApiOkResponse({ type: RegionHistoryDto })
  @ApiNotFoundResponse({ description: 'Omgången eller regionen finns inte' })
  async history(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('regionId', ParseIntPipe) regionId: number,
  ): Promise<{ items: RegionHistoryItem[] }> {
    return { items: await this.rounds.history(id, regionId) };
  }

  @Get(':id/host-responses')
  @ApiOperation({ summary: 'Svaren på värdförfrågan, per region' })
  @ApiOkResponse({ type: HostResponseListDto })
  async hostResponses(@Param('id', ParseUUIDPipe) id: string): Promise<{ items: HostResponseView[] }> {
    return { items: await this.rounds.hostResponses(id) };
  }
}
