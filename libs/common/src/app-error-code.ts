/** Every error the API can answer with has a stable code; the HTTP status is derived from it in one place. */
export enum AppErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  FORBIDDEN = 'FORBIDDEN',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_FILE = 'UNSUPPORTED_FILE',
  /** A staff endpoint got a body that is not JSON (or not multipart where a file is uploaded). */
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /** A state-changing staff request from another site (Origin / Sec-Fetch-Site). */
  CROSS_SITE_REQUEST = 'CROSS_SITE_REQUEST',
  /** A service the request needs (Redis, the job queue) does not answer in time: try again later. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

export const HTTP_STATUS_BY_CODE: Record<AppErrorCode, number> = {
  [AppErrorCode.VALIDATION_FAILED]: 400,
  [AppErrorCode.NOT_FOUND]: 404,
  [AppErrorCode.CONFLICT]: 409,
  [AppErrorCode.UNAUTHENTICATED]: 401,
  [AppErrorCode.INVALID_CREDENTIALS]: 401,
  [AppErrorCode.FORBIDDEN]: 403,
  [AppErrorCode.TOO_MANY_ATTEMPTS]: 429,
  [AppErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [AppErrorCode.UNSUPPORTED_FILE]: 415,
  [AppErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [AppErrorCode.CROSS_SITE_REQUEST]: 403,
  [AppErrorCode.SERVICE_UNAVAILABLE]: 503,
  [AppErrorCode.INTERNAL]: 500,
};
