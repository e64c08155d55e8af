import { SESSION_COOKIE, SessionsService } from '@app/auth';
import { AppErrorCode, AppException } from '@app/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Paths SwaggerModule serves (the UI with its assets, and the JSON document). */
export const DOCS_PATHS = ['/api/docs', '/api/docs-json'];

/**
 * In production the OpenAPI document and its UI are for logged-in staff only: they map every endpoint, which an
 * outsider has no need for. SwaggerModule serves them outside Nest's controllers (so the session guard does not
 * see them); this middleware asks the same sessions. Elsewhere (development, tests) they stay open.
 */
export function docsLoginRequired(sessions: SessionsService): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const cookies = req.cookies as Record<string, unknown> | undefined;
    sessions
      .resolve(cookies?.[SESSION_COOKIE])
      .then((staff) =>
        next(
          staff
            ? undefined
            : new AppException(
                AppErrorCode.UNAUTHENTICATED,
                'API-dokumentationen visas bara för inloggad personal. Logga in först.',
              ),
        ),
      )
      .catch(next);
  };
}
