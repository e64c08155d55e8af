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

export class OutboxPageDto {
  @ApiProperty({ type: [OutboxSummaryDto] })
  items: OutboxSummaryDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Skicka som cursor för nästa (äldre) sida' })
  nextCursor: string | null;
}

export class OutboxMessageDto extends OutboxSummaryDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  campaignId: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Raden i mottagarlistan (bigint som sträng)' })
  recipientId: string | null;

  @ApiProperty()
  from: string;

  @ApiPropertyOptional({ nullable: true })
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
