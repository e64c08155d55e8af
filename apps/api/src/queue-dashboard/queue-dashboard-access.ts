import { AuditService } from '@app/audit';
import { RequestWithStaff, roleAllows, SESSION_COOKIE, SessionsService } from '@app/auth';
import { AppErrorCode, AppException } from '@app/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Where the queue dashboard (bull-board) is mounted: its page, its static files and its own JSON API. */
export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * In front of bull-board, whose routes are plain Express routes that Nest's session guard never sees: the same
 * session cookie as the rest of the API (no second login), admin only, 401 without a session and 403 for other
 * roles before bull-board gets the request. Every change made through it (retry, clean, promote, pause, remove a
 * job…) is audited with who, the method and the path before it is made; if the audit cannot be written, the
 * change is not made.
 */
export function queueDashboardAccess(sessions: SessionsService, audit: AuditService): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const cookies = req.cookies as Record<string, unknown> | undefined;
    sessions
      .resolve(cookies?.[SESSION_COOKIE])
      .then(async (staff) => {
        if (!staff) {
          return next(
            new AppException(
              AppErrorCode.UNAUTHENTICATED,
              'Kööversikten visas bara för inloggad personal. Logga in först.',
            ),
          );
        }
        if (!roleAllows(['admin'], staff.role)) {
          return next(
            AppException.forbidden(
              `Din roll (${staff.role}) får inte se kööversikten; det kräver rollen admin`,
            ),
          );
        }
        (req as RequestWithStaff).staff = staff;
        if (!SAFE_METHODS.has(req.method)) {
          const path = req.originalUrl.split('?')[0];
          await audit.record({
            action: 'queue_dashboard.action',
            actor: { userId: staff.id, email: staff.email, ip: req.ip ?? null },
            targetType: 'queue',
            targetId: queueNameOf(path) ?? undefined,
            details: { method: req.method, path: path.slice(0, 500) },
          });
        }
        next();
      })
      .catch(next);
  };
}

/** `/api/admin/queues/api/queues/sending/retry/failed` → `sending`. */
function queueNameOf(path: string): string | null {
  const match = /\/api\/queues\/([^/]+)/.exec(path.slice(QUEUE_DASHBOARD_PATH.length));
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]).slice(0, 100);
  } catch {
    return null;
  }
}
