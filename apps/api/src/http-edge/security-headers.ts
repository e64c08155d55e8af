import { PUBLIC_TOKEN_PREFIXES } from '@app/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { ServerResponse } from 'node:http';

type Directives = Record<string, string[]>;

/**
 * The stored outbox HTML is a campaign's own markup with recipients' data in it. Shown on our origin it must not
 * run scripts, load anything but images, or be sniffed as something else; the staff web app may show it in a
 * frame of its own (same origin), no other site may.
 */
export const OUTBOX_HTML_CSP =
  "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; " +
  "frame-ancestors 'self'";

/** The kinds of page this API serves, each with its own policy. */
export type PageKind = 'api' | 'docs' | 'queue-dashboard' | 'unsubscribe' | 'letter' | 'outbox-html' | 'web';

const PUBLIC_PAGE = new RegExp(`^/(${PUBLIC_TOKEN_PREFIXES.join('|')})(/|$)`, 'i');

export function pageKindOf(path: string): PageKind {
  // /u, /r and /s: our own pages with a form that posts to itself.
  if (/^\/[urs](\/|$)/i.test(path)) return 'unsubscribe';
  if (PUBLIC_PAGE.test(path)) return 'letter';
  if (/^\/api\/docs(\/|-json|$)/i.test(path)) return 'docs';
  // bull-board's page and static files; its own JSON API below it (…/api/…) is JSON like ours.
  if (/^\/api\/admin\/queues(\/|$)/i.test(path) && !/^\/api\/admin\/queues\/api(\/|$)/i.test(path)) {
    return 'queue-dashboard';
  }
  if (/^\/api\/(outbox|replies)\/[^/]+\/html\/?$/i.test(path)) return 'outbox-html';
  if (/^\/(api|health)(\/|$)/i.test(path)) return 'api';
  // Everything else is the staff web app: its pages (index.html for its own paths) and its files.
  return 'web';
}

const POLICIES: Record<PageKind, { csp: Directives; frameAncestors: string }> = {
  // JSON answers: nothing in them may ever be rendered as a page, framed or used to load anything.
  api: {
    csp: { 'default-src': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"] },
    frameAncestors: "'none'",
  },
  // Swagger UI: its own scripts and styles (Nest's page has one inline <style>), the document from /api/docs-json.
  docs: {
    csp: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
    },
    frameAncestors: "'none'",
  },
  // The queue dashboard (bull-board, admins only): its scripts, styles, images and locale files from its own static
  // route, a web worker from there for highlighting, and its JSON API on the same origin. Its page sets <base href>
  // to its own path (hence base-uri 'self'), and its components add <style> elements at run time (hence
  // 'unsafe-inline' for styles, never for scripts). The Google Fonts stylesheet it links is left blocked: no staff
  // browser should call a third party from here, and the page falls back to system fonts.
  'queue-dashboard': {
    csp: {
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'worker-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
    },
    frameAncestors: "'none'",
  },
  // /u, /r and /s: our pages with an inline <style> and one form that posts to itself. Never framed (clickjacking).
  unsubscribe: {
    csp: {
      'default-src': ["'none'"],
      'style-src': ["'unsafe-inline'"],
      'form-action': ["'self'"],
      'base-uri': ["'none'"],
    },
    frameAncestors: "'none'",
  },
  // /v: the letter as mailed; its controller sets the same strict policy, framing is added here.
  letter: {
    csp: {
      'default-src': ["'none'"],
      'img-src': ['data:', 'https:'],
      'style-src': ["'unsafe-inline'"],
      'form-action': ["'none'"],
      'base-uri': ["'none'"],
    },
    frameAncestors: "'none'",
  },
  // The staff web app: its own scripts and styles only (Mantine sets style attributes and one <style> of CSS
  // variables, hence 'unsafe-inline' for styles, never for scripts); it talks only to its own origin.
  web: {
    csp: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
    },
    frameAncestors: "'none'",
  },
  'outbox-html': {
    csp: {
      'default-src': ["'none'"],
      'img-src': ['data:', 'https:'],
      'style-src': ["'unsafe-inline'"],
      'form-action': ["'none'"],
      'base-uri': ["'none'"],
    },
    frameAncestors: "'self'",
  },
};

function helmetFor(kind: PageKind, https: boolean): RequestHandler {
  const { csp, frameAncestors } = POLICIES[kind];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...csp, 'frame-ancestors': [frameAncestors] },
    },
    xFrameOptions: { action: frameAncestors === "'self'" ? 'sameorigin' : 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Only over https: on plain http browsers ignore it, and a proxy's test setup should not be pinned to TLS.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
  }) as RequestHandler;
}

/**
 * helmet, with one policy per kind of page (pageKindOf). A controller may set its own Content-Security-Policy
 * (the letter view, the outbox HTML do); if that policy says nothing about framing, the kind's frame-ancestors is
 * added as the headers go out, so no page of ours can be framed by another site.
 */
export function securityHeaders(publicBaseUrl: string): RequestHandler {
  const https = publicBaseUrl.startsWith('https://');
  const handlers = Object.fromEntries(
    (Object.keys(POLICIES) as PageKind[]).map((kind) => [kind, helmetFor(kind, https)]),
  ) as Record<PageKind, RequestHandler>;
  return (req: Request, res: Response, next: NextFunction): void => {
    const kind = pageKindOf(req.path);
    keepFrameAncestors(res, POLICIES[kind].frameAncestors);
    // API answers hold personal data: never kept by a browser or proxy (a controller may say otherwise).
    if (kind === 'api') res.setHeader('Cache-Control', 'no-store');
    handlers[kind](req, res, next);
  };
}

function keepFrameAncestors(res: ServerResponse, frameAncestors: string): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    const csp = this.getHeader('content-security-policy');
    if (typeof csp === 'string' && !/(^|;)\s*frame-ancestors\s/i.test(csp)) {
      this.setHeader(
        'Content-Security-Policy',
        `${csp.replace(/;\s*$/, '')}; frame-ancestors ${frameAncestors}`,
      );
    }
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}
