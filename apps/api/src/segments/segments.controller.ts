import { Roles } from '@app/auth';
import { PageQueryDto } from '@app/common';
import { SegmentsService } from '@app/crm';
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
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateSegmentDto,
  PreviewQueryDto,
  PreviewSegmentDto,
  SegmentListDto,
  SegmentPreviewDto,
  SegmentResponseDto,
  SegmentWithCountDto,
  UpdateSegmentDto,
} from './dto/segment-dtos';

/** Saved filters over contacts (dynamic audiences). */
@ApiTags('segments')
@Controller('api/segments')
export class SegmentsController {
  constructor(private readonly segments: SegmentsService) {}

  @Get()
  @ApiOperation({ summary: 'Segmenten efter namn, keyset-paginerade, med antal' })
  @ApiOkResponse({ type: SegmentListDto })
  list(@Query() query: PageQueryDto): Promise<SegmentListDto> {
    return this.segments.list(query);
  }

  /** Declared before :id so "preview" is never taken for an id. */
  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({
    type: SegmentPreviewDto,
    description: 'Ett osparat filters kontakter (sidvis som kontaktlistan) och exakt antal',
  })
  previewUnsaved(@Body() dto: PreviewSegmentDto): Promise<SegmentPreviewDto> {
    return this.segments.previewFilter(dto.filter, { limit: dto.limit, cursor: dto.cursor });
  }

  @Get(':id')
  @ApiOkResponse({ type: SegmentWithCountDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<SegmentWithCountDto> {
    return this.segments.get(id);
  }

  @Get(':id/preview')
  @ApiOkResponse({ type: SegmentPreviewDto })
  preview(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PreviewQueryDto,
  ): Promise<SegmentPreviewDto> {
    return this.segments.preview(id, query);
  }

  @Post()
  @Roles('admin', 'editor')
  @ApiCreatedResponse({ type: SegmentResponseDto })
  @ApiConflictResponse({ description: 'Det finns redan ett segment med det namnet' })
  create(@Body() dto: CreateSegmentDto): Promise<SegmentResponseDto> {
    return this.segments.create(dto);
  }

  @Patch(':id')
  @Roles('admin', 'editor')
  @ApiOkResponse({ type: SegmentResponseDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSegmentDto): Promise<SegmentResponseDto> {
    return this.segments.update(id, dto);
  }

  @Delete(':id')
  @Roles('admin', 'editor')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.segments.remove(id);
  }
}
