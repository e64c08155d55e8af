import { Public } from '@app/auth';
import { AppErrorCode, AppException, formatStockholmDateTime } from '@app/common';
import {
  ANSWER_WORDS,
  answerFromWord,
  formatMeetingDay,
  HOST_ANSWER_LABELS,
  HOST_ANSWERS,
  HostAnswer,
  HostAnswerInput,
  HostAnswerPage,
  HostAnswersService,
  HostAnswerUnavailable,
  deadlineDay,
} from '@app/meetings';
import { escapeHtml, html, publicPage, SafeHtml } from '@app/tracking';
import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { PublicPageExceptionFilter } from '../public/public-page-exception.filter';

const HTML = { 'text/html': { schema: { type: 'string' } } };

/** Our page with a form posting to itself and an inline style: nothing else may load, nobody may frame it. */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

type Lang = 'sv' | 'en';

const T = {
  sv: {
    title: 'Förfrågan om värdskap',
    heading: (region: string) => `Vill ${region} vara värd för ett dialogmöte?`,
    intro: (round: string) => `Det gäller ${round}.`,
    deadline: (day: string) => `Svara gärna senast ${day}.`,
    current: 'Ert svar just nu:',
    changeHint: 'Ni kan ändra svaret nedan.',
    legend: 'Ert svar',
    comment: 'Kommentar',
    dates: 'Förslag på datum',
    datesHint: 'T.ex. "vecka 11, gärna en tisdag kväll"',
    contactPerson: 'Kontaktperson hos er',
    submit: 'Skicka svaret',
    thanks: 'Tack för ert svar!',
    recorded: 'Vi har tagit emot ert svar:',
    change: 'Ändra svaret',
    closed:
      'Sista svarsdag har passerat, så svaret kan inte längre ändras här. Kontakta gärna förbundets kansli.',
    notAnswered: 'Ni svarade inte före sista svarsdagen.',
    noChoice: 'Välj ett av de tre svaren.',
    commentLabel: 'Kommentar:',
    datesLabel: 'Förslag på datum:',
    contactLabel: 'Kontaktperson:',
    unavailable: 'Länken fungerar inte',
  },
  en: {
    title: 'Hosting a dialogue meeting',
    heading: (region: string) => `Would ${region} like to host a dialogue meeting?`,
    intro: (round: string) => `This is about ${round}.`,
    deadline: (day: string) => `Please answer by ${day}.`,
    current: 'Your answer now:',
    changeHint: 'You can change it below.',
    legend: 'Your answer',
    comment: 'Comment',
    dates: 'Suggested dates',
    datesHint: 'E.g. "week 11, preferably a Tuesday evening"',
    contactPerson: 'Your contact person',
    submit: 'Send the answer',
    thanks: 'Thank you for your answer!',
    recorded: 'We have received your answer:',
    change: 'Change the answer',
    closed:
      'The deadline has passed, so the answer can no longer be changed here. Please contact the federation office.',
    notAnswered: 'You did not answer before the deadline.',
    noChoice: 'Please choose one of the three answers.',
    commentLabel: 'Comment:',
    datesLabel: 'Suggested dates:',
    contactLabel: 'Contact person:',
    unavailable: 'The link does not work',
  },
} as const;

/** Built as a plain string: a textarea's content is its value, so no formatting may slip in. */
function textarea(value: string): SafeHtml {
  return new SafeHtml(
    `<textarea id="kommentar" name="kommentar" rows="4" maxlength="2000">${escapeHtml(value)}</textarea>`,
  );
}

function answerSummary(lang: Lang, page: HostAnswerPage): SafeHtml {
  const current = page.current;
  if (!current) return html``;
  const t = T[lang];
  return html`<p>
      ${t.current} <strong>${HOST_ANSWER_LABELS[current.answer][lang]}</strong>
      (${formatStockholmDateTime(current.updatedAt)})
    </p>
    ${current.comment ? html`<p>${t.commentLabel} ${current.comment}</p>` : ''}
    ${current.suggestedDates ? html`<p>${t.datesLabel} ${current.suggestedDates}</p>` : ''}
    ${current.contactPerson ? html`<p>${t.contactLabel} ${current.contactPerson}</p>` : ''}`;
}

function formPage(page: HostAnswerPage, chosen: HostAnswer | null, error: string | null = null): string {
  const lang = page.language;
  const t = T[lang];
  const current = page.current;
  const selected = chosen ?? current?.answer ?? null;
  const deadline = page.round.responseDeadline
    ? t.deadline(formatMeetingDay(deadlineDay(page.round.responseDeadline), lang))
    : '';
  const heading = html`<h1>${t.heading(page.person.regionName)}</h1>
    <p>${t.intro(page.round.name)} ${page.closed ? '' : deadline}</p>`;
  if (page.closed) {
    return publicPage(
      t.title,
      html`${heading}
        <p><strong>${t.closed}</strong></p>
        ${current ? answerSummary(lang, page) : html`<p>${t.notAnswered}</p>`}`,
      lang,
    );
  }
  const choices = HOST_ANSWERS.map(
    (a) =>
      html`<label
        ><input
          type="radio"
          name="svar"
          value="${ANSWER_WORDS[a]}"
          required
          ${selected === a ? html`checked` : ''}
        />
        ${HOST_ANSWER_LABELS[a][lang]}</label
      >`,
  );
  return publicPage(
    t.title,
    html`${heading}
      ${
        current
          ? html`${answerSummary(lang, page)}
              <p>${t.changeHint}</p>`
          : ''
      }
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post">
        <fieldset>
          <legend>${t.legend}</legend>
          ${new SafeHtml(choices.map((c) => c.html).join('\n'))}
        </fieldset>
        <label for="kommentar">${t.comment}</label>
        ${textarea(current?.comment ?? '')}
        <label for="datum">${t.dates}</label>
        <p class="hint" id="datum-hint">${t.datesHint}</p>
        <input
          type="text"
          id="datum"
          name="datum"
          maxlength="500"
          value="${current?.suggestedDates ?? ''}"
          aria-describedby="datum-hint"
        />
        <label for="kontaktperson">${t.contactPerson}</label>
        <input
          type="text"
          id="kontaktperson"
          name="kontaktperson"
          maxlength="200"
          autocomplete="name"
          value="${current?.contactPerson ?? ''}"
        />
        <button type="submit">${t.submit}</button>
      </form>`,
    lang,
  );
}

function thanksPage(page: HostAnswerPage, token: string): string {
  const t = T[page.language];
  return publicPage(
    t.title,
    html`<h1>${t.thanks}</h1>
      <p>${t.recorded}</p>
      ${answerSummary(page.language, page)}
      <p><a class="action" href="/h/${token}">${t.change}</a></p>`,
    page.language,
  );
}

function unavailablePage(err: HostAnswerUnavailable): string {
  return publicPage(
    T.sv.unavailable,
    html`<h1>${T.sv.unavailable}</h1>
      <p>${err.sv}</p>
      <p class="en" lang="en">${err.en}</p>`,
  );
}

/**
 * /h/:token, the host answer page. GET (and HEAD) only show the page with the form (mail scanners open every
 * link; `?svar=ja|kanske|nej` only pre-selects); POST, the form's button, records the answer. Works without
 * JavaScript, on a phone; English for contacts whose language is English.
 */
@Public()
@ApiTags('public')
@UseFilters(PublicPageExceptionFilter)
@Controller('h')
export class HostAnswerController {
  constructor(private readonly answers: HostAnswersService) {}

  @Get(':token')
  @ApiOperation({ summary: 'Svarssidan för värdförfrågan; ändrar ingenting' })
  @ApiQuery({ name: 'svar', required: false, enum: ['ja', 'kanske', 'nej'], description: 'Förvalt svar' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Sidan med formuläret (eller, efter sista svarsdag, svaret)', content: HTML })
  @ApiNotFoundResponse({ description: 'Ogiltig länk (en sida på svenska)', content: HTML })
  @ApiGoneResponse({ description: 'Omgången eller kontakten finns inte längre (en sida)', content: HTML })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('Content-Security-Policy', CSP)
  async show(
    @Param('token') token: string,
    @Query('svar') svar: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    try {
      const page = await this.answers.describe(token);
      return formPage(page, answerFromWord(svar) as HostAnswer | null);
    } catch (err) {
      if (!(err instanceof HostAnswerUnavailable)) throw err;
      res.status(err.status);
      return unavailablePage(err);
    }
  }

  @Post(':token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lämna eller ändra svaret på värdförfrågan (formulärets knapp)' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['svar'],
      properties: {
        svar: { type: 'string', enum: ['ja', 'kanske', 'nej'] },
        kommentar: { type: 'string', maxLength: 2000 },
        datum: { type: 'string', maxLength: 500, description: 'Förslag på datum' },
        kontaktperson: { type: 'string', maxLength: 200 },
      },
    },
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Kvittot (en sida)', content: HTML })
  @ApiNotFoundResponse({ description: 'Ogiltig länk (en sida på svenska)', content: HTML })
  @ApiGoneResponse({
    description: 'Sista svarsdag har passerat, eller omgången finns inte längre',
    content: HTML,
  })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('Content-Security-Policy', CSP)
  async answer(
    @Param('token') token: string,
    @Body() body: HostAnswerInput | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    try {
      return thanksPage(await this.answers.answer(token, body ?? {}), token);
    } catch (err) {
      if (err instanceof HostAnswerUnavailable) {
        res.status(err.status);
        return unavailablePage(err);
      }
      if (err instanceof AppException && err.code === AppErrorCode.VALIDATION_FAILED) {
        // The form again, with what was wrong; nothing was recorded.
        const page = await this.answers.describe(token);
        res.status(400);
        const problem = err.details?.field === 'svar' ? T[page.language].noChoice : err.message;
        return formPage(page, answerFromWord(body?.svar) as HostAnswer | null, problem);
      }
      throw err;
    }
  }
}
