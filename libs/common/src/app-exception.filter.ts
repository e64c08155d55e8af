import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { AppErrorCode, HTTP_STATUS_BY_CODE } from './app-error-code';
import { AppException } from './app.exception';
import { bodyParserException, databaseInputException, swedishHttpMessage } from './http-error-translation';
import { errorForLog } from './log-safety';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

/**
 * Maps every error to one JSON shape with a Swedish message at the HTTP edge. Unknown errors get an errorId to
 * find them in the log; what is logged of them never includes a driver error's parameters (errorForLog).
 */
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
    if (exception instanceof AppException) return fromAppException(exception);

    const parser = bodyParserException(exception);
    if (parser) return fromAppException(parser);

    const badValue = databaseInputException(exception);
    if (badValue) {
      // The edge should have refused this value before the database saw it: worth a warning, not a 500.
      this.logger.warn({ err: errorForLog(exception) }, 'Databasen avvisade ett värde i förfrågan');
      return fromAppException(badValue);
    }

    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const raw =
        typeof response === 'object' && response !== null && 'message' in response
          ? (response as { message: unknown }).message
          : exception.message;
      const messages = (Array.isArray(raw) ? raw : [raw]).map((m) => swedishHttpMessage(status, String(m)));
      return {
        statusCode: status,
        code: codeForStatus(status),
        message: messages.join('; '),
        details: messages.length > 1 ? { errors: messages } : undefined,
      };
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: errorForLog(exception) }, 'Oväntat fel');
    return {
      statusCode: 500,
      code: AppErrorCode.INTERNAL,
      message: `Ett oväntat fel inträffade. Ange fel-id ${errorId} om du kontaktar support.`,
      errorId,
    };
  }
}

function fromAppException(exception: AppException): ErrorBody {
  return {
    statusCode: HTTP_STATUS_BY_CODE[exception.code],
    code: exception.code,
    message: exception.message,
    details: exception.details,
  };
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
