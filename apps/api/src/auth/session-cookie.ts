import { SESSION_COOKIE } from '@app/auth';
import type { AppConfig } from '@app/config';
import type { CookieOptions, Response } from 'express';

function cookieOptions(config: AppConfig): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/' };
}

/** HttpOnly so scripts cannot read it, SameSite=Lax against cross-site posts, Secure behind https. */
export function setSessionCookie(res: Response, config: AppConfig, token: string): void {
  res.cookie(SESSION_COOKIE, token, {
    ...cookieOptions(config),
    maxAge: config.SESSION_TTL_HOURS * 3600 * 1000,
  });
}

export function clearSessionCookie(res: Response, config: AppConfig): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
