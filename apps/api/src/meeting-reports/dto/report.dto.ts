import {
  HOST_ANSWERS,
  HOSTING_STATUSES,
  HostingStatus,
  MEETING_STATUSES,
  MeetingStatus,
  OUTREACH_KINDS,
  REPORT_FORMATS,
  ReportFormat,
  RESPONSE_STATES,
  ResponseState,
} from '@app/meetings';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ReportExportQueryDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: 'format: csv eller xlsx' })
  format?: ReportFormat;
}

export class MeetingNumbersDto {
  @ApiProperty({ description: 'Inbjudna (spontanbesökare som aldrig bjöds in räknas inte)' }) invited: number;
  @ApiProperty({ description: 'Svarade ja, oavsett närvaro' }) yes: number;
  @ApiProperty() no: number;
  @ApiProperty() maybe: number;
  @ApiProperty() waitlisted: number;
  @ApiProperty({ description: 'Avanmälda (sa ja eller stod på väntelistan, drog sig sedan ur)' })
  cancelled: number;
  @ApiProperty({ description: 'Inbjudna utan svar' }) noAnswer: number;
  @ApiProperty({ description: 'Närvaro registrerad som närvarade, spontanbesökare inräknade' })
  attended: number;
  @ApiProperty({ description: 'Registrerade som uteblivna' }) noShow: number;
  @ApiProperty({ description: 'Kom utan att ha anmält sig (ja, kanske eller väntelista)' }) walkIns: number;
}

export class MeetingSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status: MeetingStatus;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty({ type: String, nullable: true }) venue: string | null;
  @ApiProperty({ type: String, nullable: true }) city: string | null;
  @ApiProperty() regionId: number;
  @ApiProperty() regionName: string;
}

export class BreakdownRowDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Organisationens uuid eller regionens id; null: utan organisation/region',
  })
  id: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'Organisationstyp; null för regioner' })
  kind: string | null;
  @ApiProperty() invited: number;
  @ApiProperty() yes: number;
  @ApiProperty() attended: number;
}

export class NeedRowDto {
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
  @ApiProperty({ enum: RESPONSE_STATES }) state: ResponseState;
  @ApiProperty({ type: String, nullable: true }) diet: string | null;
  @ApiProperty({ type: String, nullable: true }) accessibility: string | null;
}

export class DietCountDto {
  @ApiProperty() diet: string;
  @ApiProperty() count: number;
}

/** A table of a report part: what the JSON, the CSV and the workbook show alike. */
export class ReportTableDto {
  @ApiPropertyOptional() title?: string;
  @ApiProperty({ type: [String] }) headers: string[];
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { oneOf: [{ type: 'string', nullable: true }, { type: 'number' }] } },
    description: 'Raderna: text, tal eller tomt (null)',
  })
  rows: (string | number | null)[][];
}

export class MeetingReportSectionDto {
  @ApiProperty({ example: 'evaluation', description: 'Vilken del (evaluation: utvärderingsenkäten)' })
  key: string;
  @ApiProperty({ example: 'Utvärdering' }) title: string;
  @ApiProperty({ type: [ReportTableDto] }) tables: ReportTableDto[];
}

export class MeetingReportDto {
  @ApiProperty({ type: MeetingSummaryDto }) meeting: MeetingSummaryDto;
  @ApiProperty({ type: MeetingNumbersDto }) numbers: MeetingNumbersDto;
  @ApiProperty({ type: [BreakdownRowDto], description: 'Per organisation hos dem på mötets lista' })
  byOrganization: BreakdownRowDto[];
  @ApiProperty({
    type: [BreakdownRowDto],
    description: 'Per region (kontaktens region, annars organisationens)',
  })
  byRegion: BreakdownRowDto[];
  @ApiProperty({
    type: [NeedRowDto],
    description: 'Förväntade (ja, kanske, väntelista) och närvarade med kost- eller tillgänglighetsbehov',
  })
  needs: NeedRowDto[];
  @ApiProperty({ type: [DietCountDto], description: 'Antal per kost bland de förväntade och närvarade' })
  diets: DietCountDto[];
  @ApiProperty({
    type: [MeetingReportSectionDto],
    description: 'Delar som andra funktioner lägger till, t.ex. utvärderingsenkätens resultat',
  })
  sections: MeetingReportSectionDto[];
}

class RoundInfoDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'yyyy-mm-dd' }) responseDeadline: string | null;
}

class RoundRegionRowDto {
  @ApiProperty() regionId: number;
  @ApiProperty() regionName: string;
  @ApiProperty({ enum: HOSTING_STATUSES }) status: HostingStatus;
  @ApiProperty({
    enum: ['agreed', 'interested', 'declined', 'no_answer', 'not_asked'],
    description:
      'agreed: status agreed, meeting_scheduled eller meeting_held; interested: interested; declined: declined; ' +
      'no_answer: asked eller no_answer; not_asked: not_asked',
  })
  outcome: string;
  @ApiProperty({
    enum: [...HOST_ANSWERS, null],
    type: String,
    nullable: true,
    description: 'Regionens senaste värdsvar',
  })
  hostAnswer: string | null;
  @ApiProperty({ type: Date, nullable: true }) lastActivityAt: Date | null;
  @ApiProperty({ description: 'Möten i regionen (ej inställda)' }) meetings: number;
  @ApiProperty({ description: 'Närvarade på regionens möten' }) attended: number;
}

class RoundRegionsDto {
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Alla utom inte tillfrågade' }) asked: number;
  @ApiProperty({ description: 'Status interested (kanske)' }) interested: number;
  @ApiProperty({
    description:
      'Status agreed, meeting_scheduled eller meeting_held: en region som sagt ja och sedan fått sitt möte räknas fortfarande',
  })
  agreed: number;
  @ApiProperty({ description: 'Status declined' }) declined: number;
  @ApiProperty({ description: 'Status asked eller no_answer: tillfrågade utan svar' }) noAnswer: number;
  @ApiProperty({ description: 'Status not_asked' }) notAsked: number;
  @ApiProperty({ type: [RoundRegionRowDto] }) rows: RoundRegionRowDto[];
}

class MemberOrganizationsDto {
  @ApiProperty({ description: 'Alla organisationer av typen medlem' }) total: number;
  @ApiProperty({ description: 'Medlemsorganisationer med minst en närvarande på något av omgångens möten' })
  present: number;
  @ApiProperty({ type: [String] }) presentNames: string[];
  @ApiProperty({ type: [String], description: 'De som saknades' }) missingNames: string[];
}

class RoundMeetingDto {
  @ApiProperty({ type: MeetingSummaryDto }) meeting: MeetingSummaryDto;
  @ApiProperty({ type: MeetingNumbersDto }) numbers: MeetingNumbersDto;
}

export class RoundReportDto {
  @ApiProperty({ type: RoundInfoDto }) round: RoundInfoDto;
  @ApiProperty({ type: RoundRegionsDto }) regions: RoundRegionsDto;
  @ApiProperty({ description: 'Möten (ej inställda) med status held eller minst en registrerad närvarande' })
  meetingsHeld: number;
  @ApiProperty({ description: 'Övriga möten som inte är inställda' }) meetingsPlanned: number;
  @ApiProperty() meetingsCancelled: number;
  @ApiProperty({ description: 'Unika kontakter som närvarat vid något av omgångens möten' })
  distinctParticipants: number;
  @ApiProperty({ description: 'Närvarotillfällen (samma person på två möten räknas två gånger)' })
  attendances: number;
  @ApiProperty({ type: MemberOrganizationsDto }) memberOrganizations: MemberOrganizationsDto;
  @ApiProperty({ type: [String], description: 'Partnerorganisationer med minst en närvarande' })
  partnerOrganizationsPresent: string[];
  @ApiProperty({ type: [RoundMeetingDto] }) meetings: RoundMeetingDto[];
}

class SendInfoDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: OUTREACH_KINDS }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId: string | null;
  @ApiProperty() status: string;
  @ApiProperty({ type: Date, nullable: true }) startedAt: Date | null;
}

class AnswerCountsDto {
  @ApiProperty() yes: number;
  @ApiProperty() no: number;
  @ApiProperty() maybe: number;
  @ApiPropertyOptional({ description: 'Endast inbjudningar' }) waitlisted?: number;
  @ApiPropertyOptional({ description: 'Endast inbjudningar' }) cancelled?: number;
}

class SendMailingNumbersDto {
  @ApiProperty({ format: 'uuid' }) mailingId: string;
  @ApiProperty({ description: '0: utskicket; 1, 2 …: påminnelser' }) sequence: number;
  @ApiProperty({ enum: ['send', 'no_answer', 'attending'] }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty() startedAt: Date;
  @ApiProperty() audience: number;
  @ApiProperty() sent: number;
  @ApiProperty() failed: number;
  @ApiProperty() retrying: number;
  @ApiProperty() suppressed: number;
  @ApiProperty({
    description:
      'Återkallade: inte skickade eftersom de inte längre gällde när det var dags (personen hade svarat)',
  })
  withdrawn: number;
  @ApiProperty() waiting: number;
  @ApiProperty() uncertain: number;
}

export class SendReportDto {
  @ApiProperty({ type: SendInfoDto }) send: SendInfoDto;
  @ApiProperty({ description: 'Rader i utskickets (första brevets) mottagarregister' }) audience: number;
  @ApiProperty({ description: 'Skickade (SMTP-servern tog emot)' }) sent: number;
  @ApiProperty({ description: 'Permanent misslyckade (failed_permanent)' }) failed: number;
  @ApiProperty({ description: 'Tillfälligt misslyckade som försöks igen (failed_temporary)' })
  retrying: number;
  @ApiProperty({ description: 'Spärrade adresser, inte skickade' }) suppressed: number;
  @ApiProperty({ description: 'Osäkra: kan ha kommit fram' }) uncertain: number;
  @ApiProperty({ description: 'Väntar eller skickas just nu' }) waiting: number;
  @ApiProperty({
    description:
      'Adresser i utskickets eller påminnelsernas register som nu är spärrade som studsande och vars rad misslyckades permanent ' +
      '(eller vars spärr anger något av utskicken som källa)',
  })
  bounced: number;
  @ApiProperty({ description: 'Avregistreringar via en länk i utskicket eller dess påminnelser' })
  unsubscribed: number;
  @ApiProperty({
    type: AnswerCountsDto,
    description:
      'Svar bland mottagarna: inbjudan yes/no/maybe/waitlisted/cancelled (mötets svar), värdförfrågan yes/maybe/no (omgångens värdsvar)',
  })
  answers: AnswerCountsDto;
  @ApiProperty({ description: 'Mottagare utan svar' }) noAnswer: number;
  @ApiProperty({ type: [SendMailingNumbersDto] }) mailings: SendMailingNumbersDto[];
}
