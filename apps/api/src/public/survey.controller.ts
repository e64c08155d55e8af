import { Public } from '@app/auth';
import { SurveyPageService } from '@app/surveys';
import { Controller, Get, Header, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PublicPageExceptionFilter } from './public-page-exception.filter';
import { closedSurveyPage, surveyPage, surveySavedPage } from './survey-page';

const HTML = { 'text/html': { schema: { type: 'string' } } };

/**
 * /s/:token, a person's survey. GET (and HEAD) only shows the form (mail scanners open every link). POST (the
 * form's button) stores the answers, one response per link, changeable until the survey closes. Swedish, or
 * English when the person's language is en and the survey has English wording; works without JavaScript.
 */
@Public()
@ApiTags('public')
@UseFilters(PublicPageExceptionFilter)
@Controller('s')
export class SurveyController {
  constructor(private readonly pages: SurveyPageService) {}

  @Get(':token')
  @ApiOperation({ summary: 'Enkätsidan (formulär, med tidigare svar ifyllda); ändrar ingenting' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Sidan (eller beskedet att enkäten är stängd)', content: HTML })
  @ApiNotFoundResponse({ description: 'Ogiltig länk, eller enkäten finns inte (en sida)', content: HTML })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  async show(@Param('token') token: string): Promise<string> {
    return surveyPage(await this.pages.describe(token));
  }

  @Post(':token')
  @ApiOperation({ summary: 'Spara svaren på enkäten (formulärets knapp); ett svar per länk, kan ändras' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    schema: {
      type: 'object',
      description:
        'Ett fält per fråga, namngivet efter frågans id (q1, q2 …): betyg 1–5, svarsalternativets nummer (flera val: fältet upprepat) eller text',
      additionalProperties: {
        oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      },
    },
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Kvittot (en sida)', content: HTML })
  @ApiBadRequestResponse({ description: 'Något svar är fel: sidan igen med felen utskrivna', content: HTML })
  @ApiConflictResponse({ description: 'Enkäten är stängd (en sida)', content: HTML })
  @ApiNotFoundResponse({ description: 'Ogiltig länk, eller enkäten finns inte (en sida)', content: HTML })
  async answer(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    // The body is read here, not through @Body(): a control character or an over-long answer is this form's
    // own message beside its question, not a generic error.
    const outcome = await this.pages.submit(token, req.body as unknown);
    res.type('html').setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    switch (outcome.kind) {
      case 'saved':
        res.status(200).send(surveySavedPage(outcome.page, outcome.changed));
        return;
      case 'invalid':
        res.status(400).send(surveyPage(outcome.page, outcome.errors));
        return;
      case 'closed':
        res.status(409).send(closedSurveyPage(outcome.page));
        return;
    }
  }
}
