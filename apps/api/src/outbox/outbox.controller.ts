import { OutboxMessage, OutboxQueryService } from '@app/mail';
import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { OutboxMessageDto, OutboxPageDto } from './outbox-message.dto';
import { OutboxQueryDto } from './outbox-query.dto';

/**
 * The stored HTML is the campaign's own markup with recipients' data in it. Shown on our origin it must not run
 * scripts, load anything but images, or be sniffed as something else.
 */
export const OUTBOX_HTML_CSP = "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'";

/** The built-in outbox: what would have been sent when no SMTP relay is configured. For any logged-in staff. */
@ApiTags('outbox')
@Controller('api/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxQueryService) {}

  @Get()
  @ApiOkResponse({ type: OutboxPageDto })
  async list(@Query() query: OutboxQueryDto): Promise<OutboxPageDto> {
    const page = await this.outbox.list({ ...query, mailingId: query.mailingId ?? query.campaignId });
    return {
      items: page.items.map((m) => ({
        id: m.id,
        createdAt: m.createdAt,
        to: m.toAddress,
        subject: m.subject,
        messageId: m.messageId,
      })),
      nextCursor: page.nextCursor,
    };
  }

  @Get(':id')
  @ApiOkResponse({ type: OutboxMessageDto })
  async get(@Param('id') id: string): Promise<OutboxMessageDto> {
    return toDto(await this.outbox.get(id));
  }

  @Get(':id/html')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Meddelandets HTML, utan skript och externa resurser utom bilder' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', OUTBOX_HTML_CSP)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('Cache-Control', 'no-store')
  async html(@Param('id') id: string): Promise<string> {
    return (await this.outbox.get(id)).html;
  }
}

function toDto(m: OutboxMessage): OutboxMessageDto {
  return {
    id: m.id,
    createdAt: m.createdAt,
    to: m.toAddress,
    subject: m.subject,
    messageId: m.messageId,
    mailingId: m.mailingId,
    campaignId: m.mailingId,
    purpose: m.purpose,
    recipientId: m.recipientId,
    from: m.headers.From ?? m.fromAddress,
    replyTo: m.replyTo,
    headers: m.headers,
    text: m.text,
    htmlUrl: `/api/outbox/${m.id}/html`,
  };
}
