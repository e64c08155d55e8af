import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import {
  MeetingReport,
  MeetingReportsService,
  ReportExportsService,
  ReportFile,
  RoundReport,
  SendReport,
} from '@app/meetings';
import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { streamDownload } from '../exports/streamed-download';
import { MeetingReportDto, ReportExportQueryDto, RoundReportDto, SendReportDto } from './dto/report.dto';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** The file answer of every export here, described as the other exports describe theirs. */
const FILE_RESPONSE = {
  description: 'Filen (CSV: UTF-8 med BOM, semikolon, CRLF, formelsäkra celler; XLSX)',
  content: {
    [CONTENT_TYPES.csv]: { schema: { type: 'string' } },
    [CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
  },
};

/**
 * Sends a report file. It is made whole before anything is written (one meeting or round is small), so a
 * failure (an unknown id, the database) is still a JSON error with its status.
 */
async function sendFile(res: Response, make: () => Promise<ReportFile>): Promise<void> {
  const file = await make();
  await streamDownload(res, { contentType: file.contentType, filename: file.filename }, async (start) => {
    start();
    res.end(file.body);
  });
}

/**
 * Reports on meetings, rounds and sends. Every role may read them; exporting (files with names and needs)
 * takes editor or admin, as the other exports do.
 */
@ApiTags('meeting reports')
@Controller('api')
export class MeetingReportsController {
  constructor(
    private readonly reports: MeetingReportsService,
    private readonly exports: ReportExportsService,
  ) {}

  @Get('meetings/:id/report')
  @ApiOperation({
    summary: 'Mötets rapport: svar, närvaro, per organisation och region, kost och tillgänglighet för värden',
  })
  @ApiOkResponse({ type: MeetingReportDto })
  @ApiNotFoundResponse({ description: 'Mötet finns inte' })
  meetingReport(@Param('id', ParseUUIDPipe) id: string): Promise<MeetingReport> {
    return this.reports.meetingReport(id);
  }

  @Get('meetings/:id/report/export')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Mötets rapport som CSV (svensk Excel) eller XLSX (ett blad per del)' })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse(FILE_RESPONSE)
  @ApiNotFoundResponse({ description: 'Mötet finns inte' })
  async meetingReportFile(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ReportExportQueryDto,
    @Res() res: Response,
    @CurrentActor() actor: AuditActor,
  ): Promise<void> {
    await sendFile(res, () => this.exports.meetingReport(id, query.format ?? 'csv', actor));
  }

  @Get('meetings/:id/attendance/export')
  @Roles('admin', 'editor')
  @ApiOperation({
    summary: 'Närvarolistan (förväntade och de med registrerad närvaro) som CSV eller XLSX',
  })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse(FILE_RESPONSE)
  @ApiNotFoundResponse({ description: 'Mötet finns inte' })
  async attendanceFile(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ReportExportQueryDto,
    @Res() res: Response,
    @CurrentActor() actor: AuditActor,
  ): Promise<void> {
    await sendFile(res, () => this.exports.meetingList(id, 'attendance', query.format ?? 'csv', actor));
  }

  @Get('meetings/:id/responses/export')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Svarslistan (alla inbjudna och spontanbesökare) som CSV eller XLSX' })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse(FILE_RESPONSE)
  @ApiNotFoundResponse({ description: 'Mötet finns inte' })
  async responsesFile(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ReportExportQueryDto,
    @Res() res: Response,
    @CurrentActor() actor: AuditActor,
  ): Promise<void> {
    await sendFile(res, () => this.exports.meetingList(id, 'responses', query.format ?? 'csv', actor));
  }

  @Get('rounds/:id/report')
  @ApiOperation({
    summary:
      'Omgångens rapport: regioner tillfrågade/intresserade/ja/avböjt/utan svar, möten, deltagare, medlems- och partnerorganisationer',
  })
  @ApiOkResponse({ type: RoundReportDto })
  @ApiNotFoundResponse({ description: 'Omgången finns inte' })
  roundReport(@Param('id', ParseUUIDPipe) id: string): Promise<RoundReport> {
    return this.reports.roundReport(id);
  }

  @Get('rounds/:id/report/export')
  @Roles('admin', 'editor')
  @ApiOperation({
    summary:
      'Omgångens rapport: XLSX är en arbetsbok (bladet Sammanfattning och ett blad per möte med siffror och deltagare); CSV är sammanfattningen',
  })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse(FILE_RESPONSE)
  @ApiNotFoundResponse({ description: 'Omgången finns inte' })
  async roundReportFile(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ReportExportQueryDto,
    @Res() res: Response,
    @CurrentActor() actor: AuditActor,
  ): Promise<void> {
    await sendFile(res, () => this.exports.roundReport(id, query.format ?? 'csv', actor));
  }

  @Get('outreach-sends/:id/report')
  @ApiOperation({
    summary:
      'Utskickets rapport (värdförfrågan eller inbjudan med påminnelser): leverans, studsar, avregistreringar, svar',
  })
  @ApiOkResponse({ type: SendReportDto })
  @ApiNotFoundResponse({ description: 'Utskicket finns inte' })
  sendReport(@Param('id', ParseUUIDPipe) id: string): Promise<SendReport> {
    return this.reports.sendReport(id);
  }

  @Get('outreach-sends/:id/report/export')
  @Roles('admin', 'editor')
  @ApiOperation({ summary: 'Utskickets rapport som CSV eller XLSX' })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse(FILE_RESPONSE)
  @ApiNotFoundResponse({ description: 'Utskicket finns inte' })
  async sendReportFile(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ReportExportQueryDto,
    @Res() res: Response,
    @CurrentActor() actor: AuditActor,
  ): Promise<void> {
    await sendFile(res, () => this.exports.sendReport(id, query.format ?? 'csv', actor));
  }
}
