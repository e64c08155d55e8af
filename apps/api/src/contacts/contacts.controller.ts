import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import { ContactsService } from '@app/crm';
import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ContactPageDto,
  ContactResponseDto,
  DeleteContactResponseDto,
  HeldMailingDto,
  HeldMeetingRecordDto,
  HeldSurveyAnswerDto,
  HeldReplyDto,
  PersonalDataExportDto,
} from './dto/contact-response.dto';
import { CreateContactDto } from './dto/create-contact.dto';
import { DeleteContactQueryDto } from './dto/delete-contact-query.dto';
import { filterOf, ListContactsQueryDto } from './dto/list-contacts-query.dto';
import { AddSuppressionDto, LiftSuppressionBodyDto, LiftSuppressionQueryDto } from './dto/suppression.dto';
import { UpdateContactDto } from './dto/update-contact.dto';

@ApiTags('contacts')
@Controller('api/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @ApiOperation({
    summary: 'Sök och filtrera kontakter (keyset-paginerat: skicka nextCursor som cursor), med antal träffar',
  })
  @ApiOkResponse({ type: ContactPageDto })
  list(@Query() query: ListContactsQueryDto): Promise<ContactPageDto> {
    return this.contacts.list({
      filter: filterOf(query),
      sort: query.sort,
      order: query.order,
      limit: query.limit,
      cursor: query.cursor,
      count: query.count,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'En kontakt, med spärren av dess adress (suppression) om den har en' })
  @ApiOkResponse({ type: ContactResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ContactResponseDto> {
    return this.contacts.get(id);
  }

  @Get(':id/export')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'GDPR: allt som finns om personen, som JSON (loggas)' })
  @ApiOkResponse({ type: PersonalDataExportDto })
  async exportPersonalData(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: AuditActor,
  ): Promise<PersonalDataExportDto> {
    const data = await this.contacts.exportPersonalData(id, actor);
    // The CRM hands on what each holder keeps as plain records; the sending ledger's are HeldMailingDto rows,
    // the meetings part's HeldMeetingRecordDto rows, the surveys part's HeldSurveyAnswerDto rows.
    return {
      ...data,
      held: {
        mailings: (data.held.mailings ?? []) as unknown as HeldMailingDto[],
        meetings: (data.held.meetings ?? []) as unknown as HeldMeetingRecordDto[],
        surveys: (data.held.surveys ?? []) as unknown as HeldSurveyAnswerDto[],
        replies: (data.held.replies ?? []) as unknown as HeldReplyDto[],
      },
    };
  }

  @Post()
  @Roles('admin', 'editor')
  @ApiCreatedResponse({ type: ContactResponseDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt fält (namnges i meddelandet)' })
  @ApiConflictResponse({ description: 'E-postadressen finns redan' })
  create(@Body() dto: CreateContactDto): Promise<ContactResponseDto> {
    return this.contacts.create(dto);
  }

  @Patch(':id')
  @Roles('admin', 'editor')
  @ApiOkResponse({ type: ContactResponseDto })
  @ApiConflictResponse({ description: 'E-postadressen finns redan' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateContactDto): Promise<ContactResponseDto> {
    return this.contacts.update(id, dto);
  }

  /**
   * Editors may erase as well as admins: erasure requests are routine work for the two or three staff who keep
   * the register, and every erasure is audited.
   */
  @Delete(':id')
  @Roles('admin', 'editor')
  @ApiOperation({
    summary: 'Ta bort en kontakt; med erase=true GDPR-radering (hashad spärr behålls, loggas)',
  })
  @ApiOkResponse({ type: DeleteContactResponseDto })
  async remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DeleteContactQueryDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<DeleteContactResponseDto> {
    if (query.erase) {
      const { suppressed } = await this.contacts.erase(id, actor);
      return { deleted: true, erased: true, suppressed };
    }
    await this.contacts.remove(id, actor);
    return { deleted: true, erased: false, suppressed: false };
  }

  /** Editors may block an address (a person asks not to be mailed): it stops mail, it never sends any. */
  @Post(':id/suppression')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Spärra kontaktens adress för hand (orsak manual); loggas med skälet' })
  @ApiCreatedResponse({ type: ContactResponseDto })
  @ApiConflictResponse({ description: 'Adressen är redan spärrad, eller kontakten saknar e-postadress' })
  suppress(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddSuppressionDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<ContactResponseDto> {
    return this.contacts.suppress(id, dto.reason, actor);
  }

  /** Only admins lift a block: mail reaches the person again, so it should be someone accountable. */
  @Delete(':id/suppression')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Häv spärren av kontaktens adress (t.ex. avregistrerad av misstag); skäl krävs i reason (kropp eller ' +
      'fråga); loggas. En spärr efter GDPR-radering kan inte hävas',
  })
  @ApiBody({ type: LiftSuppressionBodyDto, required: false })
  @ApiOkResponse({ type: ContactResponseDto })
  @ApiBadRequestResponse({ description: 'Skäl (reason) saknas' })
  @ApiForbiddenResponse({ description: 'Bara administratörer kan häva en spärr' })
  @ApiNotFoundResponse({ description: 'Kontakten finns inte, eller dess adress är inte spärrad' })
  @ApiConflictResponse({ description: 'Spärren kommer från en GDPR-radering och kan inte hävas' })
  liftSuppression(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: LiftSuppressionBodyDto,
    @Query() query: LiftSuppressionQueryDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<ContactResponseDto> {
    return this.contacts.liftSuppression(id, body?.reason ?? query.reason ?? '', actor);
  }
}
