import { Roles } from '@app/auth';
import { PageQueryDto } from '@app/common';
import { ListsService } from '@app/crm';
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
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ContactPageDto } from '../contacts/dto/contact-response.dto';
import { filterOf, ListContactsQueryDto } from '../contacts/dto/list-contacts-query.dto';
import {
  CreateListDto,
  ListListDto,
  ListMembersDto,
  ListResponseDto,
  MembersAddedDto,
  MembersRemovedDto,
  UpdateListDto,
} from './dto/list-dtos';

/** Static contact lists. */
@ApiTags('lists')
@Controller('api/lists')
export class ListsController {
  constructor(private readonly lists: ListsService) {}

  @Get()
  @ApiOperation({ summary: 'Listorna efter namn, keyset-paginerade, med antal' })
  @ApiOkResponse({ type: ListListDto })
  list(@Query() query: PageQueryDto): Promise<ListListDto> {
    return this.lists.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ListResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ListResponseDto> {
    return this.lists.get(id);
  }

  @Post()
  @Roles('admin', 'editor')
  @ApiCreatedResponse({ type: ListResponseDto })
  @ApiConflictResponse({ description: 'Det finns redan en lista med det namnet' })
  create(@Body() dto: CreateListDto): Promise<ListResponseDto> {
    return this.lists.create(dto);
  }

  @Patch(':id')
  @Roles('admin', 'editor')
  @ApiOkResponse({ type: ListResponseDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateListDto): Promise<ListResponseDto> {
    return this.lists.update(id, dto);
  }

  @Delete(':id')
  @Roles('admin', 'editor')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Listan borttagen; kontakterna finns kvar' })
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.lists.remove(id);
  }

  @Get(':id/members')
  @ApiOkResponse({
    type: ContactPageDto,
    description: 'Pagineras, filtreras och räknas som GET /api/contacts',
  })
  members(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ListContactsQueryDto,
  ): Promise<ContactPageDto> {
    return this.lists.members(id, {
      filter: filterOf(query),
      sort: query.sort,
      order: query.order,
      limit: query.limit,
      cursor: query.cursor,
      count: query.count,
    });
  }

  @Post(':id/members')
  @Roles('admin', 'editor')
  @HttpCode(200)
  @ApiOkResponse({ type: MembersAddedDto })
  @ApiBadRequestResponse({ description: 'Okända kontakt-id:n (namnges)' })
  addMembers(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ListMembersDto): Promise<MembersAddedDto> {
    return this.lists.addMembers(id, dto.contactIds);
  }

  @Delete(':id/members')
  @Roles('admin', 'editor')
  @ApiOkResponse({ type: MembersRemovedDto })
  removeMembers(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ListMembersDto,
  ): Promise<MembersRemovedDto> {
    return this.lists.removeMembers(id, dto.contactIds);
  }
}
