import { CurrentActor, Roles, UsersService } from '@app/auth';
import { AuditActor } from '@app/audit';
import { PageQueryDto } from '@app/common';
import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserListResponseDto, UserResponseDto } from './dto/user-response.dto';

/** Staff accounts: administrators only. */
@ApiTags('users')
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Användarna efter e-postadress, keyset-paginerade, med antal' })
  @ApiOkResponse({ type: UserListResponseDto })
  list(@Query() query: PageQueryDto): Promise<UserListResponseDto> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserResponseDto> {
    return this.users.get(id);
  }

  @Post()
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiConflictResponse({ description: 'E-postadressen finns redan' })
  create(@Body() dto: CreateUserDto, @CurrentActor() actor: AuditActor): Promise<UserResponseDto> {
    return this.users.create(dto, actor);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponseDto })
  @ApiConflictResponse({ description: 'Sista aktiva administratören kan inte tas bort eller degraderas' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<UserResponseDto> {
    return this.users.update(id, dto, actor);
  }

  /** Deactivates (the account stays for the audit trail) and ends the user's sessions. */
  @Delete(':id')
  @ApiOkResponse({ type: UserResponseDto })
  @ApiConflictResponse({ description: 'Sista aktiva administratören kan inte inaktiveras' })
  deactivate(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: AuditActor,
  ): Promise<UserResponseDto> {
    return this.users.deactivate(id, actor);
  }
}
