import { PageDto } from '@app/common';
import { MESSAGE_PURPOSES, MessagePurpose } from '@app/mail';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class OutboxSummaryDto {
  @ApiProperty({ description: 'Löpnummer (bigint som sträng)' })
  id: string;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty({ example: 'anna.oberg@exempel.se' })
  to: string;

  @ApiProperty()
  subject: string;

  @ApiProperty({ description: 'Message-ID utan vinkelparenteser' })
  messageId: string;
}

export class OutboxPageDto extends PageDto(OutboxSummaryDto) {}

export class OutboxMessageDto extends OutboxSummaryDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Utskicket; null för ett provutskick',
  })
  mailingId: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Samma som mailingId (en kampanjs utskick har kampanjens id); finns kvar för äldre klienter',
  })
  campaignId: string | null;

  @ApiProperty({
    type: String,
    enum: [...MESSAGE_PURPOSES, null],
    nullable: true,
    description: 'Vad meddelandet gäller',
  })
  purpose: MessagePurpose | null;

  @ApiProperty({ type: String, nullable: true, description: 'Raden i mottagarlistan (bigint som sträng)' })
  recipientId: string | null;

  @ApiProperty()
  from: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  replyTo: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Rubrikerna som de skulle ha skickats (Message-ID, List-Unsubscribe …)',
  })
  headers: Record<string, string>;

  @ApiProperty({ description: 'Textdelen' })
  text: string;

  @ApiProperty({ description: 'HTML-delen visas på /api/outbox/{id}/html' })
  htmlUrl: string;
}
