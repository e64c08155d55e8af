import { AppException, errorForLog, HTTP_STATUS_BY_CODE, swedishHttpMessage } from '@app/common';
import { html, publicPage } from '@app/tracking';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';

/** People reach public pages from a mail, not an API client: errors are Swedish HTML pages, not JSON. */
@Catch()
export class PublicPageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('PublicPage');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let status = 500;
    let message = 'Något gick fel hos oss. Försök igen om en stund.';
    if (exception instanceof AppException) {
      status = HTTP_STATUS_BY_CODE[exception.code];
      message = exception.message;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      if (status === 404) message = 'Sidan finns inte.';
      else if (status < 500) message = swedishHttpMessage(status, exception.message);
    } else {
      this.logger.error({ err: errorForLog(exception) }, 'Fel på publik sida');
    }
    res
      .status(status)
      .type('html')
      .send(
        publicPage(
          'Länken fungerar inte',
          html`<h1>Länken fungerar inte</h1>
            <p>${message}</p>`,
        ),
      );
  }
}
