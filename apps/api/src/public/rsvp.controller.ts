import { Public } from '@app/auth';
import { RSVP_FIELDS, RsvpPageService } from '@app/meetings';
import { Controller, Get, Header, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiBadRequestResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PublicPageExceptionFilter } from './public-page-exception.filter';
import { closedPage, rsvpPage, savedPage } from './rsvp-page';

const HTML = { 'text/html': { schema: { type: 'string' } } };

/**
 * /r/:token, the answer to a meeting invitation. GET (and HEAD) only shows the page with the form: mail
 * scanners open every link, so a GET changes nothing, whatever `?svar=` says (it only pre-selects the answer).
 * POST (the form's button) records the answer, changeable until the meeting's deadline. The page is in the
 * person's language (Swedish, or English when the contact's language is en) and works without JavaScript.
 */
@Public()
@ApiTags('public')
@UseFilters(PublicPageExceptionFilter)
@Controller('r')
export class RsvpController {
  constructor(private readonly rsvp: RsvpPageService) {}

  @Get(':token')
  @ApiOperation({ summary: 'Svarssidan för en mötesinbjudan (formulär); ändrar ingenting' })
  @ApiQuery({ name: 'svar', required: false, enum: ['ja', 'nej', 'kanske'], description: 'Förvalt svar' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Sidan', content: HTML })
  @ApiNotFoundResponse({
    description: 'Ogiltig länk, eller personen är inte inbjuden (en sida)',
    content: HTML,
  })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  async show(@Param('token') token: string, @Query('svar') svar?: unknown): Promise<string> {
    const page = await this.rsvp.describe(token, typeof svar === 'string' ? svar : undefined);
    return rsvpPage(page);
  }

  @Post(':token')
  @ApiOperation({ summary: 'Spara svaret på en mötesinbjudan (formulärets knapp)' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    schema: {
      type: 'object',
      required: [RSVP_FIELDS.answer],
      properties: {
        [RSVP_FIELDS.answer]: { type: 'string', enum: ['ja', 'nej', 'kanske'] },
        [RSVP_FIELDS.diet]: { type: 'string', maxLength: 300 },
        [RSVP_FIELDS.accessibility]: { type: 'string', maxLength: 500 },
        [RSVP_FIELDS.comment]: { type: 'string', maxLength: 2000 },
        [RSVP_FIELDS.companions]: { type: 'string', description: 'Ett namn per rad, högst 5' },
      },
    },
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Kvittot (en sida)', content: HTML })
  @ApiBadRequestResponse({ description: 'Något fält är fel: sidan igen med felen utskrivna', content: HTML })
  @ApiConflictResponse({
    description: 'Mötet tar inte längre emot svar (inställt, genomfört, sista svarsdag passerad)',
    content: HTML,
  })
  @ApiNotFoundResponse({
    description: 'Ogiltig länk, eller personen är inte inbjuden (en sida)',
    content: HTML,
  })
  async answer(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    // The body is read here, not through @Body(): a control character or an over-long field is this form's
    // own message on the page, in the person's language, not a generic error.
    const outcome = await this.rsvp.submit(token, req.body as unknown);
    res.type('html').setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    switch (outcome.kind) {
      case 'saved':
        res.status(200).send(savedPage(outcome.page, outcome.result));
        return;
      case 'invalid':
        res.status(400).send(rsvpPage(outcome.page, outcome.errors));
        return;
      case 'closed':
        res.status(409).send(closedPage(outcome.page));
        return;
    }
  }
}
