/**
 * What may reach a log line. Public links carry a bearer token in their path (/u/TOKEN unsubscribes, /v/TOKEN
 * shows a letter with personal data), query strings carry search terms (names, addresses), and a driver error
 * carries its statement's parameters (a new user's Argon2 hash, a contact's address). None of it is logged.
 */

/**
 * First path segments whose next segment is a public-link token: unsubscribe, view, the host answer page, and
 * the planned RSVP/survey.
 */
export const PUBLIC_TOKEN_PREFIXES = ['u', 'v', 'h', 'r', 's'] as const;

export const REDACTED = '[dolt]';

const TOKEN_PATH = new RegExp(`^/(${PUBLIC_TOKEN_PREFIXES.join('|')})/[^/?#]+`, 'i');

/**
 * A request URL as it may be logged: the path only (no query string or fragment), with a public-link token
 * replaced: `/u/eyJ…?x=1` → `/u/[dolt]`.
 */
export function redactUrlForLog(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let path = url;
  // An absolute URL (a Referer header, a proxy's absolute-form request line): keep scheme and host.
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(path);
  const origin = absolute ? absolute[0] : '';
  path = path.slice(origin.length);
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = path.slice(0, cut);
  return origin + path.replace(TOKEN_PATH, (_m, prefix: string) => `/${prefix}/${REDACTED}`);
}

/** The fields of an error that help an operator and carry no data: never a driver error's parameters or detail. */
export interface LoggedError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  /** PostgreSQL's error fields that name schema objects, not values. */
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
}

interface ErrorLike {
  name?: unknown;
  /** pino's standard error serializer names the class here. */
  type?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  driverError?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  routine?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * An error reduced to what may be logged. PostgreSQL data exceptions (class 22: bad text for a type, NUL bytes,
 * out-of-range values) quote the offending value in their message; the quotes' content is replaced.
 */
export function errorForLog(err: unknown): LoggedError {
  if (typeof err !== 'object' || err === null)
    return { type: typeof err, message: String(err).slice(0, 200) };
  const e = err as ErrorLike;
  const driver = (
    typeof e.driverError === 'object' && e.driverError !== null ? e.driverError : e
  ) as ErrorLike;
  const code = str(driver.code) ?? str(e.code);
  let message = str(e.message) ?? '';
  let stack = str(e.stack);
  if (code && /^22/.test(code)) {
    message = quotedValuesRedacted(message);
    stack = stack === undefined ? undefined : quotedValuesRedacted(stack);
  }
  const logged: LoggedError = {
    type: str(e.name) ?? str(e.type) ?? (err as object).constructor?.name ?? 'Error',
    message,
    stack,
    code,
    constraint: str(driver.constraint),
    table: str(driver.table),
    column: str(driver.column),
    routine: str(driver.routine),
  };
  for (const key of Object.keys(logged) as (keyof LoggedError)[])
    if (logged[key] === undefined) delete logged[key];
  return logged;
}

function quotedValuesRedacted(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"/g, `"${REDACTED}"`);
}

/** A request, raw or as pino's standard serializer has already reduced it (url, remoteAddress, query, params). */
export interface RequestLike {
  id?: unknown;
  method?: string;
  url?: string;
  originalUrl?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
  remotePort?: number;
  socket?: { remoteAddress?: string; remotePort?: number };
}

/**
 * The request as it may be logged: method, the path without query string and with tokens redacted, the headers
 * (cookies are censored by pino's redact paths), the peer. Never the parsed query or route parameters.
 */
export function requestForLog(req: RequestLike): Record<string, unknown> {
  const headers = { ...(req.headers ?? {}) };
  if (typeof headers.referer === 'string') headers.referer = redactUrlForLog(headers.referer);
  if (typeof headers.referrer === 'string') headers.referrer = redactUrlForLog(headers.referrer);
  return {
    id: req.id,
    method: req.method,
    url: redactUrlForLog(req.originalUrl ?? req.url),
    headers,
    remoteAddress: req.remoteAddress ?? req.socket?.remoteAddress,
    remotePort: req.remotePort ?? req.socket?.remotePort,
  };
}
