import { Roles } from '@app/auth';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SystemStatusDto } from './dto/system-status.dto';
import { SystemStatusService } from './system-status.service';

/** The settings page's view of the running system, for administrators. */
@ApiTags('system')
@Roles('admin')
@Controller('api/system')
export class SystemStatusController {
  constructor(private readonly status: SystemStatusService) {}

  @Get('status')
  @ApiOperation({
    summary: 'Systemets status',
    description:
      'E-posttransport och avsändare, om PostgreSQL och Redis svarar, jobbköerna med antal per läge, version och ' +
      'processroll. Inga lösenord eller anslutningsadresser. Bara för administratörer.',
  })
  @ApiOkResponse({ type: SystemStatusDto })
  get(): Promise<SystemStatusDto> {
    return this.status.status();
  }
}
