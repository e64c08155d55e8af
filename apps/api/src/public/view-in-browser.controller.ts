import { Public } from '@app/auth';
import { MailedMessageService } from '@app/sending';
import { Controller, Get, Header, Param, UseFilters } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PublicPageExceptionFilter } from './public-page-exception.filter';

/** /v/:token — the letter in the browser. A GET that only reads; the mail's HTML with a strict CSP. */
@Public()
@ApiTags('public')
@UseFilters(PublicPageExceptionFilter)
@Controller('v')
export class ViewInBrowserController {
  constructor(private readonly views: MailedMessageService) {}

  @Get(':token')
  @ApiOperation({ summary: 'Brevet i webbläsaren, för den som fick det (länken i brevet); ändrar ingenting' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Brevets HTML', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({
    description: 'Ogiltig länk, eller brevet finns inte längre (en sida på svenska)',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header(
    'Content-Security-Policy',
    "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  )
  async show(@Param('token') token: string): Promise<string> {
    return (await this.views.forViewToken(token)).html;
  }
}
