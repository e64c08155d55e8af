import { OUTBOX_PAGE_MAX } from '@app/mail';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class OutboxQueryDto {
  @ApiPropertyOptional({ description: 'Visa meddelanden äldre än detta id (föregående sidas nextCursor)' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'cursor måste vara ett id (heltal)' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: OUTBOX_PAGE_MAX, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit måste vara ett heltal' })
  @Min(1, { message: 'limit måste vara minst 1' })
  @Max(OUTBOX_PAGE_MAX, { message: `limit får vara högst ${OUTBOX_PAGE_MAX}` })
  limit?: number;

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
