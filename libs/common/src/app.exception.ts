import { AppErrorCode } from './app-error-code';

/** A domain error with a code. Messages are Swedish first: staff read them. */
export class AppException extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppException';
  }

  static notFound(what: string, id: string | number): AppException {
    return new AppException(AppErrorCode.NOT_FOUND, `${what} hittades inte (${id})`, { id });
  }

  static validation(message: string, details?: Record<string, unknown>): AppException {
    return new AppException(AppErrorCode.VALIDATION_FAILED, message, details);
  }

  static conflict(message: string, details?: Record<string, unknown>): AppException {
    return new AppException(AppErrorCode.CONFLICT, message, details);
  }

  static forbidden(message = 'Du saknar behörighet för detta'): AppException {
    return new AppException(AppErrorCode.FORBIDDEN, message);
  }

  /** 503: something the request needs (Redis, the job queue) does not answer in time. */
  static unavailable(message: string, details?: Record<string, unknown>): AppException {
    return new AppException(AppErrorCode.SERVICE_UNAVAILABLE, message, details);
  }

  static unauthenticated(message = 'Du måste logga in'): AppException {
    return new AppException(AppErrorCode.UNAUTHENTICATED, message);
  }
}
