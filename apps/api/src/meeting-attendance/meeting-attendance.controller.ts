import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import { ContactView } from '@app/crm';
import { AttendanceRow, BatchItemAnswer, CheckInAnswer, CheckInService } from '@app/meetings';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { ContactResponseDto } from '../contacts/dto/contact-response.dto';
import {
  AttendanceListDto,
  AttendanceQueryDto,
  CheckInAnswerDto,
  CheckInBatchAnswerDto,
  CheckInBatchDto,
  CheckInDto,
  ContactSearchQueryDto,
  WalkInDto,
} from './dto/check-in.dto';

class ContactSearchDto {
  @ApiProperty({ type: [ContactResponseDto], description: 'Högst 20, i namnordning' })
  items: ContactResponseDto[];
}

/**
 * The evening of a meeting: the list of the expected, check-in (also queued on a phone that was offline) and
 * walk-ins. Reading is open to every role; checking in changes data and needs editor or admin.
 */
@ApiTags('meeting attendance')
@Controller('api/meetings/:id')
export class MeetingAttendanceController {
  constructor(private readonly checkIns: CheckInService) {}

  @Get('attendance')
  @ApiOperation({
    summary:
      'Närvarolistan: de som svarat ja, kanske eller står på väntelistan, och alla vars närvaro redan är registrerad',
  })
  @ApiOkResponse({ type: AttendanceListDto })
  @ApiNotFoundResponse({ description: 'Mötet finns inte' })
  async attendance(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: AttendanceQueryDto,
  ): Promise<{ items: AttendanceRow[]; total: number }> {
    const items = await this.checkIns.attendance(id, query.q);
    return { items, total: items.length };
  }

  @Get('attendance/search')
  @ApiOperation({ summary: 'Sök bland alla kontakter (namn, e-post) för att registrera en spontanbesökare' })
  @ApiOkResponse({ type: ContactSearchDto })
  @ApiNotFoundResponse({ description: 'Mötet finns inte' })
  async search(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ContactSearchQueryDto,
  ): Promise<{ items: ContactView[] }> {
    return { items: await this.checkIns.searchContacts(id, query.q) };
  }

  @Post('check-ins')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Checka in (närvarade) eller markera som utebliven',
    description:
      'clientId skapas av klienten: samma clientId igen (även samtidigt) räknas en gång och får samma svar. ' +
      'Ett clientId som återanvänds för en annan person, ett annat möte eller en annan närvaro ger 409.',
  })
  @ApiOkResponse({ type: CheckInAnswerDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält' })
  @ApiNotFoundResponse({ description: 'Mötet finns inte, eller personen finns inte på mötets lista' })
  @ApiConflictResponse({ description: 'Mötet är inställt, eller clientId används redan för något annat' })
  checkIn(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CheckInDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<CheckInAnswer> {
    return this.checkIns.checkIn(id, dto, actor);
  }

  @Post('check-ins/batch')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Flera incheckningar på en gång (en telefon som varit utan nät); var och en besvaras för sig',
  })
  @ApiOkResponse({ type: CheckInBatchAnswerDto })
  @ApiBadRequestResponse({ description: 'Listan eller en rad har fel form' })
  @ApiNotFoundResponse({ description: 'Mötet finns inte' })
  async batch(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CheckInBatchDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<{ items: BatchItemAnswer[] }> {
    return { items: await this.checkIns.checkInBatch(id, dto.items, actor) };
  }

  @Post('walk-ins')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Registrera en spontanbesökare: en befintlig kontakt eller en ny person (och organisation)',
    description: 'Samma clientId igen skapar inget två gånger och får samma svar.',
  })
  @ApiOkResponse({ type: CheckInAnswerDto })
  @ApiBadRequestResponse({ description: 'Varken contactId eller namn, eller både och' })
  @ApiNotFoundResponse({ description: 'Mötet eller kontakten finns inte' })
  @ApiConflictResponse({ description: 'Mötet är inställt, eller clientId används redan för något annat' })
  walkIn(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: WalkInDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<CheckInAnswer> {
    return this.checkIns.walkIn(id, dto, actor);
  }
}
