import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError } from './errors';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** Called when the session is gone (401 outside the login itself): the app sends the user to the login page. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

const unauthorized: Middleware = {
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/auth/'))
      onUnauthorized?.();
    return undefined;
  },
};

/**
 * The typed client of the API (types from apps/web/src/api/schema.d.ts, generated from its OpenAPI document).
 * Same origin, so the HttpOnly session cookie goes along and the API's cross-site check sees our own Origin;
 * JSON bodies, which a foreign page cannot send without a CORS preflight the API never grants.
 */
export function createApiClient(fetchImpl?: typeof fetch) {
  const client = createClient<paths>({
    baseUrl: window.location.origin,
    credentials: 'same-origin',
    // Always the API's current answer, never a stored one: no personal data in the browser's cache, and no
    // conditional requests (the API's ETags would answer 304, which its OpenAPI document does not describe).
    cache: 'no-store',
    headers: { Accept: 'application/json' },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  client.use(unauthorized);
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The app's one client; tests build their own with a fake fetch (ApiProvider). */
export const api: ApiClient = createApiClient((input, init) => globalThis.fetch(input, init));

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The answer's data, or an ApiError with the API's Swedish message and its fields. A failure to reach the API at
 * all is an ApiError with status 0.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw ApiError.network();
  }
  if (result.response.ok) return result.data as T;
  throw await ApiError.fromResponse(result.response, result.error);
}
