import { RegionsService } from '@app/crm';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RegionListDto } from './dto/region-response.dto';

@ApiTags('regions')
@Controller('api/regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @ApiOkResponse({ type: RegionListDto, description: 'Alla 21 regioner, ordnade efter länskod' })
  async list(): Promise<RegionListDto> {
    return { items: await this.regions.list() };
  }
}
