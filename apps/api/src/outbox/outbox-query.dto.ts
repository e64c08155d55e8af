import { PageQueryDto } from '@app/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';

const ENTRY_ID = /^\d{1,18}$/;

/** Paging (newest first) of the outbox, optionally of one mailing. */
export class OutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    pattern: ENTRY_ID.source,
    description: 'nextCursor från föregående sida (ett meddelande-id): äldre följer',
  })
  @Matches(ENTRY_ID, { message: 'cursor måste vara ett id (heltal)' })
  declare cursor?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Bara meddelanden från detta utskick' })
  @IsOptional()
  @IsUUID('all', { message: 'mailingId måste vara ett uuid' })
  mailingId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Samma som mailingId (en kampanjs utskick har kampanjens id)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'campaignId måste vara ett uuid' })
  campaignId?: string;
}
