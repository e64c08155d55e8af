import { CurrentUser, StaffUser } from '@app/auth';
import { OutboxMessage, OutboxQueryService } from '@app/mail';
import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { OUTBOX_HTML_CSP } from '../http-edge/security-headers';
import { OutboxMessageDto, OutboxPageDto } from './outbox-message.dto';
import { OutboxQueryDto } from './outbox-query.dto';
import { headersWithoutPublicLinkTokens, withoutPublicLinkTokens } from './outbox-redaction';

export { OUTBOX_HTML_CSP };

/**
 * The built-in outbox: what would have been sent when no SMTP relay is configured. For any logged-in staff; a
 * viewer gets the messages without the recipients' personal link tokens (unsubscribe, view in browser), in the
 * headers, the text and the HTML alike.
 */
@ApiTags('outbox')
@Controller('api/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxQueryService) {}

  @Get()
  @ApiOkResponse({ type: OutboxPageDto })
  async list(@Query() query: OutboxQueryDto): Promise<OutboxPageDto> {
    const page = await this.outbox.list({
      limit: query.limit,
      cursor: query.cursor,
      mailingId: query.mailingId ?? query.campaignId,
    });
    return {
      ...page,
      items: page.items.map((m) => ({
        id: m.id,
        createdAt: m.createdAt,
        to: m.toAddress,
        subject: m.subject,
        messageId: m.messageId,
      })),
    };
  }

  @Get(':id')
  @ApiOkResponse({ type: OutboxMessageDto })
  async get(@Param('id') id: string, @CurrentUser() staff: StaffUser): Promise<OutboxMessageDto> {
    return toDto(await this.outbox.get(id), mayUseLinks(staff));
  }

  @Get(':id/html')
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'Meddelandets HTML, utan skript och externa resurser utom bilder',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', OUTBOX_HTML_CSP)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('Cache-Control', 'no-store')
  async html(@Param('id') id: string, @CurrentUser() staff: StaffUser): Promise<string> {
    const { html } = await this.outbox.get(id);
    return mayUseLinks(staff) ? html : withoutPublicLinkTokens(html);
  }
}

/** Editors and admins may act for a recipient anyway; viewers only read. */
function mayUseLinks(staff: StaffUser): boolean {
  return staff.role !== 'viewer';
}

function toDto(m: OutboxMessage, withLinks: boolean): OutboxMessageDto {
  if (!withLinks) {
    m = { ...m, headers: headersWithoutPublicLinkTokens(m.headers), text: withoutPublicLinkTokens(m.text) };
  }
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
