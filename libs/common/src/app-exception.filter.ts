import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { AppErrorCode, HTTP_STATUS_BY_CODE } from './app-error-code';
import { AppException } from './app.exception';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

/** Maps every error to one JSON shape at the HTTP edge. Unknown errors get an errorId to find them in the log. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AppExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.end();
      return;
    }
    // Health checks answer in Terminus' own shape ({status, info, error, details}), which probes expect.
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      res.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const body = this.toBody(exception);
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof AppException) {
      return {
        statusCode: HTTP_STATUS_BY_CODE[exception.code],
        code: exception.code,
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? (response as { message: unknown }).message
          : exception.message;
      return {
        statusCode: status,
        code: codeForStatus(status),
        message: Array.isArray(message) ? message.join('; ') : String(message),
        details: Array.isArray(message) ? { errors: message } : undefined,
      };
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, 'Oväntat fel');
    return {
      statusCode: 500,
      code: AppErrorCode.INTERNAL,
      message: `Ett oväntat fel inträffade. Ange fel-id ${errorId} om du kontaktar support.`,
      errorId,
    };
  }
}

function isHealthReport(response: unknown): boolean {
  return (
    typeof response === 'object' &&
    response !== null &&
    'status' in response &&
    'info' in response &&
    'error' in response
  );
}

function codeForStatus(status: number): string {
  const found = (Object.entries(HTTP_STATUS_BY_CODE) as [AppErrorCode, number][]).find(
    ([, s]) => s === status,
  );
  return found ? found[0] : `HTTP_${status}`;
}
