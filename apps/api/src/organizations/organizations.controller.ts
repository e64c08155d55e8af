import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import { OrganizationsService } from '@app/crm';
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
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { ListOrganizationsQueryDto } from './dto/list-organizations-query.dto';
import { OrganizationListDto, OrganizationResponseDto } from './dto/organization-response.dto';
import { UpdateOrganizationDto } from './dto/update-organization.dto';

@ApiTags('organizations')
@Controller('api/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @ApiOperation({ summary: 'Organisationer efter namn, filtrerade och keyset-paginerade, med antal' })
  @ApiOkResponse({ type: OrganizationListDto })
  list(@Query() query: ListOrganizationsQueryDto): Promise<OrganizationListDto> {
    return this.organizations.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganizationResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<OrganizationResponseDto> {
    return this.organizations.get(id);
  }

  @Post()
  @Roles('admin', 'editor')
  @ApiCreatedResponse({ type: OrganizationResponseDto })
  @ApiConflictResponse({ description: 'Det finns redan en organisation med det namnet' })
  create(@Body() dto: CreateOrganizationDto): Promise<OrganizationResponseDto> {
    return this.organizations.create(dto);
  }

  @Patch(':id')
  @Roles('admin', 'editor')
  @ApiOperation({
    summary:
      'Ändra en organisation, t.ex. dess typ (kind) och region; byte av typ loggas som organization.kind_changed',
  })
  @ApiOkResponse({ type: OrganizationResponseDto })
  @ApiBadRequestResponse({
    description: 'Ogiltigt fält, t.ex. okänd typ eller region (namnges i meddelandet)',
  })
  @ApiForbiddenResponse({ description: 'Läsbehörighet (viewer) räcker inte' })
  @ApiNotFoundResponse({ description: 'Organisationen finns inte' })
  @ApiConflictResponse({ description: 'Det finns redan en organisation med det namnet' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateOrganizationDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<OrganizationResponseDto> {
    return this.organizations.update(id, dto, actor);
  }

  @Delete(':id')
  @Roles('admin', 'editor')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Borttagen; organisationens kontakter finns kvar utan organisation' })
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.organizations.remove(id);
  }
}
