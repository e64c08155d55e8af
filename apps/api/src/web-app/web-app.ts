import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Paths that are never the web app's: the API and its documentation, the public pages people reach from a mail
 * (/u, /v, /r, /h, /s) and the health check. Everything else a browser asks for as a page is the app's own route.
 */
export const NOT_WEB_APP = /^\/(api|u|v|r|h|s|health)(\/|$)/i;

/** Vite's output: hashed names, so a file's content never changes under its name. */
const ASSET = /^\/assets\/[A-Za-z0-9_.-]+$/;
/** Files from apps/web/public, at the top of dist/web (favicon.svg): not hashed, cached briefly. */
const PUBLIC_FILE = /^\/[A-Za-z0-9_-]+\.(svg|ico|png|txt|webmanifest)$/;

/** The app's service worker (apps/web/public/sw.js): at the top, so its scope is the whole app. */
const SERVICE_WORKER = '/sw.js';

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** <repo>/dist/web, found from this file whether it runs compiled (dist/apps/api/…) or from source (ts-node, Jest). */
export function defaultWebDistDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

/**
 * Serves the staff web app built into `distDir` (npm run build) on the API's own origin:
 *
 * - `/assets/*`: the hashed bundles, cached for a year (immutable); a missing one falls through to the JSON 404.
 * - every other GET/HEAD that asks for a page (Accept: text/html) outside NOT_WEB_APP: index.html, never
 *   cached (no-store), so a new release is picked up on the next load; the app's router takes the path from there.
 * - with no build in `distDir`, such a page is a short Swedish 503 that says how to build it.
 *
 * Anything else (other methods, JSON requests, the API's paths) goes on to the API untouched.
 */
export function webApp(distDir: string): RequestHandler {
  distDir = resolve(distDir);
  const indexFile = join(distDir, 'index.html');
  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_WEB_APP.test(req.path)) return next();
    if (ASSET.test(req.path)) {
      res.sendFile(
        join(distDir, req.path),
        { headers: { 'Cache-Control': IMMUTABLE }, dotfiles: 'deny' },
        (err) => {
          if (err && !res.headersSent) next();
        },
      );
      return;
    }
    if (req.path === SERVICE_WORKER && existsSync(join(distDir, SERVICE_WORKER))) {
      // Asked again on every load (no-cache), so a changed worker takes over with the next release.
      res.sendFile(
        join(distDir, SERVICE_WORKER),
        { headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'text/javascript; charset=utf-8' } },
        (err) => {
          if (err && !res.headersSent) next();
        },
      );
      return;
    }
    if (PUBLIC_FILE.test(req.path) && existsSync(join(distDir, req.path))) {
      res.sendFile(
        join(distDir, req.path),
        { headers: { 'Cache-Control': 'public, max-age=3600' } },
        (err) => {
          if (err && !res.headersSent) next();
        },
      );
      return;
    }
    if (!(req.headers.accept ?? '').includes('text/html')) return next();
    if (!existsSync(indexFile)) {
      res.status(503).set('Cache-Control', 'no-store').type('html').send(NOT_BUILT_PAGE);
      return;
    }
    res.sendFile(indexFile, { headers: { 'Cache-Control': 'no-store' } }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  };
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Webbappen är inte byggd</title></head>
<body>
<h1>Webbappen är inte byggd</h1>
<p>API:t är igång, men webbappen har inte byggts på den här datorn.</p>
<p>Bygg den med <code>npm run build</code> (det gör <code>npm start</code> också) och ladda om sidan.</p>
</body>
</html>
`;
