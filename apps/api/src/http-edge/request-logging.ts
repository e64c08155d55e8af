import { errorForLog, requestForLog, RequestLike } from '@app/common';
import type { INestApplication } from '@nestjs/common';
import { Params, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import type { Options } from 'pino-http';

/**
 * What the API's request log may contain (see libs/common log-safety): the request line without its query string
 * and with public-link tokens replaced (/u/[dolt]), the Referer likewise, and errors without a driver's parameters
 * or detail (an Argon2 hash, an address).
 *
 * The logger itself is configured in the core module (libs/runtime), which every process shares; the request
 * serializers only matter where HTTP is served, so the API sets them on those parameters before the app is
 * initialised, when nestjs-pino builds its pino-http middleware from them.
 */
export function redactRequestLogs(app: INestApplication): void {
  const params = app.get<Params>(PARAMS_PROVIDER_TOKEN);
  const given = params.pinoHttp;
  // Only the options form is used by the core module; a stream or [options, stream] would be set up elsewhere.
  if (given !== undefined && (Array.isArray(given) || !isOptions(given))) {
    throw new Error('Loggern är konfigurerad med en ström; begäransloggens maskering kan inte läggas till');
  }
  const options: Options = { ...(given ?? {}) };
  options.serializers = {
    ...options.serializers,
    req: (req: RequestLike) => requestForLog(req),
    err: (err: unknown) => errorForLog(err),
  };
  params.pinoHttp = options;
}

function isOptions(value: object): value is Options {
  // A destination stream has write(); options never do.
  return typeof (value as { write?: unknown }).write !== 'function';
}
