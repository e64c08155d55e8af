import { Public } from '@app/auth';
import { html, publicPage, UnsubscribeService, UnsubscribeState } from '@app/tracking';
import { Body, Controller, Get, Header, HttpCode, Ip, Param, Post, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { PublicPageExceptionFilter } from './public-page-exception.filter';

const HTML = { 'text/html': { schema: { type: 'string' } } };

/**
 * /u/:token. GET only shows a page with a button: mail scanners (e.g. Microsoft Safe Links) open every link,
 * so a GET must change nothing. POST (the button, or a mail client's RFC 8058 one-click POST without cookies)
 * records the opt-out and answers 200 without a redirect.
 */
@Public()
@ApiTags('public')
@UseFilters(PublicPageExceptionFilter)
@Controller('u')
export class UnsubscribeController {
  constructor(private readonly unsubscribe: UnsubscribeService) {}

  @Get(':token')
  @ApiOperation({ summary: 'Sidan med knappen för att avsluta prenumerationen; ändrar ingenting' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Sidan', content: HTML })
  @ApiNotFoundResponse({ description: 'Ogiltig länk (en sida på svenska)', content: HTML })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  async show(@Param('token') token: string): Promise<string> {
    const state = await this.unsubscribe.describe(token);
    if (state.alreadyUnsubscribed) return donePage(state);
    return publicPage(
      'Avsluta prenumeration',
      html`<h1>Avsluta prenumeration</h1>
        <p>Vill du sluta få utskick till <strong>${state.maskedEmail}</strong>?</p>
        <form method="post"><button type="submit">Ja, avsluta prenumerationen</button></form>
        <p class="en" lang="en">Unsubscribe: press the button to stop receiving our mailings.</p>
        ${state.test ? TEST_NOTE : ''}`,
    );
  }

  @Post(':token')
  @ApiOperation({
    summary: 'Avsluta prenumerationen: knappen på sidan, eller en e-postklients ett-klicks-POST (RFC 8058)',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    required: false,
    schema: {
      type: 'object',
      properties: { 'List-Unsubscribe': { type: 'string', enum: ['One-Click'] } },
    },
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Kvittot (en sida)', content: HTML })
  @ApiNotFoundResponse({ description: 'Ogiltig länk (en sida på svenska)', content: HTML })
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async confirm(
    @Param('token') token: string,
    @Ip() ip: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<string> {
    const oneClick = body?.['List-Unsubscribe'] === 'One-Click';
    const state = await this.unsubscribe.unsubscribe(token, oneClick ? 'one-click' : 'page', ip ?? null);
    if (state.test) {
      return publicPage(
        'Provutskick',
        html`<h1>Ingenting har ändrats</h1>
          ${TEST_NOTE}`,
      );
    }
    return donePage(state);
  }
}

/** A test send's link shows its page but changes nothing: the person whose data it used stays subscribed. */
const TEST_NOTE = html`<p>
    <em>Det här är en länk från ett provutskick. Den visar sidan men ändrar ingenting.</em>
  </p>
  <p class="en" lang="en">This link comes from a test message: it shows the page but changes nothing.</p>`;

function donePage(state: UnsubscribeState): string {
  return publicPage(
    'Prenumerationen är avslutad',
    html`<h1>Prenumerationen är avslutad</h1>
      <p>
        ${state.maskedEmail ? html`Vi skickar inga fler utskick till <strong>${state.maskedEmail}</strong>.` : 'Vi skickar inga fler utskick till dig.'}
      </p>
      <p class="en" lang="en">You are unsubscribed and will receive no more mailings from us.</p>`,
  );
}
