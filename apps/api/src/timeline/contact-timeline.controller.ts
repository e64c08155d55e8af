import { ContactTimelineService } from '@app/meetings';
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ContactTimelineQueryDto } from './dto/contact-timeline-query.dto';
import { ContactTimelinePageDto } from './dto/contact-timeline-item.dto';

/** Every staff role reads a person's history (as it reads the person); nothing here changes anything. */
@ApiTags('contacts')
@Controller('api/contacts')
export class ContactTimelineController {
  constructor(private readonly timeline: ContactTimelineService) {}

  @Get(':id/timeline')
  @ApiOperation({
    summary:
      'Allt som hänt med en person, nyast först: brev, mötessvar och närvaro, värdskapssvar (keyset-paginerat)',
  })
  @ApiOkResponse({ type: ContactTimelinePageDto })
  @ApiBadRequestResponse({ description: 'Ogiltigt id, limit eller cursor' })
  @ApiNotFoundResponse({ description: 'Kontakten finns inte' })
  timelineOf(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ContactTimelineQueryDto,
  ): Promise<ContactTimelinePageDto> {
    return this.timeline.timelineOf(id, query);
  }
}
