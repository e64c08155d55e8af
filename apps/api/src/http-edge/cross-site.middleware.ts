import { AppErrorCode, AppException, PUBLIC_TOKEN_PREFIXES, redactUrlForLog } from '@app/common';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Pages people reach from a mail (/u, /v, later /r and /s): their own forms and RFC 8058 senders post here. */
const PUBLIC_PAGE = new RegExp(`^/(${PUBLIC_TOKEN_PREFIXES.join('|')})(/|$)`, 'i');

/** The staff endpoints that take a file (the import upload and its preview): multipart/form-data there, JSON elsewhere. */
const UPLOAD = /^\/api\/imports\/contacts(\/preview)?\/?$/i;
/**
 * Inbound mail as a raw message. Neither type is one a browser may send cross-site without a CORS preflight, so
 * the refusal holds.
 */
const INBOUND = /^\/api\/inbound\/?$/i;
const INBOUND_TYPES = ['message/rfc822', 'application/octet-stream'];

/**
 * Cross-site request refusal for every state-changing staff request (anything not GET/HEAD/OPTIONS outside the
 * public pages), before a body is read:
 *
 * 1. An `Origin` other than PUBLIC_BASE_URL's origin, `Sec-Fetch-Site: cross-site`, or `same-site` from another
 *    origin (a sibling subdomain is same-site, so SameSite=Lax cookies would go along) → 403.
 * 2. A body that is not `application/json` (`multipart/form-data` on the import upload and its preview) → 415. A browser can
 *    send a form or text/plain body cross-site without asking; JSON it cannot, without a CORS preflight that this
 *    API never grants.
 *
 * Clients that send neither Origin nor Sec-Fetch-Site (curl, scripts, tests) are not browsers carrying someone
 * else's cookie, and only rule 2 applies to them.
 */
export function crossSiteRefusal(publicBaseUrl: string): RequestHandler {
  const ownOrigin = new URL(publicBaseUrl).origin;
  const logger = new Logger('CrossSite');
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method) || PUBLIC_PAGE.test(req.path)) return next();
    const crossSite = originRefusal(req, ownOrigin);
    if (crossSite) {
      // Refused before the request log's middleware runs: said here, so an attempt leaves a trace.
      logger.warn(
        { method: req.method, url: redactUrlForLog(req.originalUrl), ...crossSite.details },
        'Ändring från annan webbplats nekad',
      );
    }
    next(crossSite ?? contentTypeRefusal(req) ?? undefined);
  };
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function originRefusal(req: Request, ownOrigin: string): AppException | null {
  const origin = header(req, 'origin');
  const site = header(req, 'sec-fetch-site')?.toLowerCase();
  const foreignOrigin = origin !== undefined && origin !== ownOrigin;
  if (foreignOrigin || site === 'cross-site' || (site === 'same-site' && origin !== ownOrigin)) {
    return new AppException(
      AppErrorCode.CROSS_SITE_REQUEST,
      `Förfrågan kommer från en annan webbplats (${origin ?? `Sec-Fetch-Site: ${site}`}) och nekas. ` +
        `Ändringar tas bara emot från ${ownOrigin} (PUBLIC_BASE_URL).`,
      { origin: origin ?? null, secFetchSite: site ?? null, expectedOrigin: ownOrigin },
    );
  }
  return null;
}

function contentTypeRefusal(req: Request): AppException | null {
  const upload = req.method === 'POST' && UPLOAD.test(req.path);
  const inbound = req.method === 'POST' && INBOUND.test(req.path);
  const expected = upload
    ? 'multipart/form-data'
    : inbound
      ? INBOUND_TYPES.join(' eller ')
      : 'application/json';
  const given = header(req, 'content-type');
  const mediaType = given?.split(';')[0].trim().toLowerCase();
  if (mediaType === undefined || mediaType === '') {
    const length = header(req, 'content-length');
    const hasBody =
      header(req, 'transfer-encoding') !== undefined || (length !== undefined && length !== '0');
    if (!hasBody) return null;
  } else if (mediaType === expected || (inbound && INBOUND_TYPES.includes(mediaType))) {
    return null;
  }
  return new AppException(
    AppErrorCode.UNSUPPORTED_MEDIA_TYPE,
    `Innehållstypen ${mediaType ? `"${mediaType.slice(0, 100)}"` : 'saknas'} tas inte emot här: skicka ${expected}`,
    { expected, given: mediaType ? mediaType.slice(0, 100) : null },
  );
}
