import i18n from '../i18n';

/** The one error shape of the API: a Swedish message naming the field (`name: högst 200 tecken`). */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiErrorBody).message === 'string' &&
    typeof (value as ApiErrorBody).statusCode === 'number'
  );
}

/**
 * An answer the API refused, or no answer at all (status 0). `message` is what to show (the API's own Swedish
 * text); `fieldErrors` holds the same per field, keyed by the request's field names, for forms to show beside
 * the fields they concern.
 */
export class ApiError extends Error {
  readonly fieldErrors: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.fieldErrors = fieldErrorsOf(details, message);
  }

  /** The message for a field, if the API named it. */
  field(name: string): string | undefined {
    return this.fieldErrors[name];
  }

  static async fromResponse(response: Response, body?: unknown): Promise<ApiError> {
    let parsed = body;
    if (parsed === undefined) parsed = await response.json().catch(() => undefined);
    const retryAfter = Number(response.headers.get('retry-after'));
    const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
    if (isErrorBody(parsed)) {
      const detailWait = (parsed.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      return new ApiError(
        response.status,
        parsed.code,
        parsed.message,
        parsed.details,
        wait ?? (typeof detailWait === 'number' ? detailWait : null),
      );
    }
    const message =
      response.status === 403
        ? i18n.t('errors.forbidden')
        : i18n.t('errors.unexpected', { status: response.status });
    return new ApiError(response.status, `HTTP_${response.status}`, message, undefined, wait);
  }

  static network(): ApiError {
    return new ApiError(0, 'NETWORK', i18n.t('errors.network'));
  }
}

/**
 * Validation errors carry `details.fields: [{field, message: "field: text"}]`; a conflict names one field
 * (`details.field`). The field's own name is taken off the front of its message: the form shows it beside it.
 */
function fieldErrorsOf(details: unknown, message: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof details !== 'object' || details === null) return out;
  const d = details as { fields?: unknown; field?: unknown };
  // A service's own check names one field and starts its message with it ("endsAt: mötet måste sluta …").
  if (typeof d.field === 'string')
    out[d.field] = message.startsWith(`${d.field}: `) ? message.slice(d.field.length + 2) : message;
  if (Array.isArray(d.fields)) {
    for (const item of d.fields as { field?: unknown; message?: unknown }[]) {
      if (typeof item?.field !== 'string' || typeof item.message !== 'string') continue;
      const top = item.field.split('.')[0];
      const text = item.message.startsWith(`${item.field}: `)
        ? item.message.slice(item.field.length + 2)
        : item.message;
      out[top] = out[top] ? `${out[top]}; ${text}` : text;
    }
  }
  return out;
}

/** The text to show for any error a query or mutation ended with. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return i18n.t('errors.network');
}
