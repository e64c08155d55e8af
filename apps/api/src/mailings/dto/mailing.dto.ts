import { MESSAGE_PURPOSES, MessagePurpose } from '@app/mail';
import { MAILING_STATUSES, MailingStatus, UNCERTAIN_RESOLUTIONS, UncertainResolution } from '@app/sending';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { RecipientCountsDto } from '../../common-dto/recipient-counts.dto';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class MailingDto {
  @ApiProperty({ format: 'uuid', description: 'För en kampanj: kampanjens id' }) id: string;
  @ApiProperty({ enum: MESSAGE_PURPOSES }) purpose: MessagePurpose;
  @ApiProperty({ description: 'Vad utskicket hör till: campaign, meeting …' }) scopeType: string;
  @ApiProperty({ format: 'uuid' }) scopeId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: MAILING_STATUSES }) status: MailingStatus;
  @ApiProperty({ type: String, nullable: true }) pauseReason: string | null;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ type: Date, nullable: true }) finishedAt: Date | null;
  @ApiProperty({ type: RecipientCountsDto, description: 'Antal mottagare per status' })
  counts: RecipientCountsDto;
  @ApiProperty() total: number;
}

export class UncertainQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor från föregående sida' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'cursor: ogiltig markör' })
  cursor?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit måste vara ett heltal' })
  @Min(1, { message: 'limit måste vara minst 1' })
  @Max(500, { message: 'limit får vara högst 500' })
  limit?: number;
}

export class UncertainRecipientDto {
  @ApiProperty({ description: 'Raden i mottagarregistret (bigint som sträng)' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contactId: string | null;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true }) firstName: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName: string | null;
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
  @ApiProperty({ enum: ['uncertain'] }) status: 'uncertain';
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true, description: 'Vad som är känt om felet' })
  lastError: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Serverns sista svar, om något' })
  smtpResponse: string | null;
  @ApiProperty({ type: String, nullable: true }) messageId: string | null;
  @ApiProperty({ type: Date, nullable: true }) sentAt: Date | null;
  @ApiProperty({ type: Date, nullable: true, description: 'När en arbetare tog raden' })
  claimedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Vilken arbetare (värd:pid)' })
  claimedBy: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Message-ID som brevet bar (eller skulle ha burit): sök efter det i reläets logg',
  })
  expectedMessageId: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Med den inbyggda utkorgen: om brevet finns där (då lämnades det över). Null med SMTP.',
  })
  inOutbox: boolean | null;
}

export class UncertainPageDto {
  @ApiProperty({ type: [UncertainRecipientDto] }) items: UncertainRecipientDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ResolveUncertainDto {
  @ApiProperty({
    enum: UNCERTAIN_RESOLUTIONS,
    description:
      'marked_sent: brevet kom fram; marked_failed: det kom inte fram och skickas inte igen; resent: skicka det en gång till',
  })
  @IsIn(UNCERTAIN_RESOLUTIONS, { message: 'resolution: marked_sent, marked_failed eller resent' })
  resolution: UncertainResolution;
}

export class ResolvedUncertainDto {
  @ApiProperty() recipientId: string;
  @ApiProperty({ enum: ['sent', 'failed_permanent', 'pending'] }) status:
    'sent' | 'failed_permanent' | 'pending';
  @ApiProperty({ enum: UNCERTAIN_RESOLUTIONS }) resolution: UncertainResolution;
}
