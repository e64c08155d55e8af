import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import { ContactsService } from '@app/crm';
import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ContactPageDto,
  ContactResponseDto,
  DeleteContactResponseDto,
  PersonalDataExportDto,
} from './dto/contact-response.dto';
import { CreateContactDto } from './dto/create-contact.dto';
import { DeleteContactQueryDto } from './dto/delete-contact-query.dto';
import { filterOf, ListContactsQueryDto } from './dto/list-contacts-query.dto';
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
  @ApiOkResponse({ type: ContactResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ContactResponseDto> {
    return this.contacts.get(id);
  }

  @Get(':id/export')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'GDPR: allt som finns om personen, som JSON (loggas)' })
  @ApiOkResponse({ type: PersonalDataExportDto })
  exportPersonalData(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: AuditActor,
  ): Promise<PersonalDataExportDto> {
    return this.contacts.exportPersonalData(id, actor);
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
}
