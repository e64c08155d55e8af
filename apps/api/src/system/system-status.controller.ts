import { Roles } from '@app/auth';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SystemStatusDto } from './dto/system-status.dto';
import { SystemStatusService } from './system-status.service';

/**
 * The settings page's view of the running system, for all staff: whether mail goes out or stays in the outbox
 * and whether the queues have workers is what an editor asks before starting a send. Nothing secret is in it (no
 * passwords, keys or connection addresses); the queue dashboard itself stays admin-only.
 */
@ApiTags('system')
@Roles('admin', 'editor', 'viewer')
@Controller('api/system')
export class SystemStatusController {
  constructor(private readonly status: SystemStatusService) {}

  @Get('status')
  @ApiOperation({
    summary: 'Systemets status',
    description:
      'E-posttransport och avsändare, om PostgreSQL och Redis svarar, jobbköerna med antal per läge, version och ' +
      'processroll. Inga lösenord, nycklar eller anslutningsadresser. För all personal (kööversikten är bara för ' +
      'administratörer).',
  })
  @ApiOkResponse({ type: SystemStatusDto })
  get(): Promise<SystemStatusDto> {
    return this.status.status();
  }
}
