import { Roles } from '@app/auth';
import { AuditQueryService } from '@app/audit';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditPageDto } from './dto/audit-page.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

/** The audit log, newest first, for administrators. */
@ApiTags('audit')
@Roles('admin')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @ApiOperation({
    summary: 'Granskningsloggen, nyast först, keyset-paginerad, med antal',
    description:
      'Filter: händelsens början (action), vem (actorUserId), vad posten gäller (targetType, targetId) och ' +
      'dagar (from, to: hela dagar i svensk tid).',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt filter (namnges i meddelandet), t.ex. to före from' })
  list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
