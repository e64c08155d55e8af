import { AppErrorCode } from './app-error-code';
import { AppException } from './app.exception';

/**
 * Errors raised below our own code (body-parser, multer and busboy, Nest's built-in pipes, Express's router,
 * PostgreSQL rejecting a value) say what went wrong in English, or not at all. Staff and recipients read Swedish:
 * each is turned into a coded AppException with a Swedish message here.
 */

/** A body-parser (raw-body, http-errors) failure: it carries a `type` and a 4xx `status`. */
interface ParserErrorLike {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  limit?: unknown;
  expose?: unknown;
  code?: unknown;
}

const kib = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} kB`;

/** body-parser's error (by its `type`) as an AppException; null if it is not one. */
export function bodyParserException(err: unknown): AppException | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as ParserErrorLike;
  const status =
    typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 0;
  if (status < 400 || status > 499) return null;
  // body-parser wraps a stream's own error (zlib's for a body that is not what its Content-Encoding says) with a
  // status but no type.
  if (typeof e.type !== 'string') {
    if (typeof e.expose !== 'boolean') return null;
    return typeof e.code === 'string' && e.code.startsWith('Z_')
      ? AppException.validation('Innehållet kunde inte packas upp enligt sin Content-Encoding')
      : status === 413
        ? new AppException(AppErrorCode.PAYLOAD_TOO_LARGE, 'Förfrågan är för stor')
        : AppException.validation('Förfrågans innehåll kunde inte läsas');
  }
  switch (e.type) {
    case 'entity.too.large':
      return new AppException(
        AppErrorCode.PAYLOAD_TOO_LARGE,
        typeof e.limit === 'number'
          ? `Förfrågan är för stor: högst ${kib(e.limit)} tas emot`
          : 'Förfrågan är för stor',
        typeof e.limit === 'number' ? { limitBytes: e.limit } : undefined,
      );
    case 'parameters.too.many':
      return new AppException(AppErrorCode.PAYLOAD_TOO_LARGE, 'Formuläret har för många fält');
    case 'entity.parse.failed':
      return AppException.validation('Innehållet är inte giltig JSON');
    case 'charset.unsupported':
      return new AppException(
        AppErrorCode.UNSUPPORTED_MEDIA_TYPE,
        'Teckenkodningen stöds inte; skicka UTF-8',
      );
    case 'encoding.unsupported':
      return new AppException(
        AppErrorCode.UNSUPPORTED_MEDIA_TYPE,
        'Innehållets komprimering (Content-Encoding) stöds inte',
      );
    case 'request.aborted':
      return AppException.validation('Förfrågan avbröts innan hela innehållet kommit fram');
    case 'request.size.invalid':
      return AppException.validation('Innehållets längd stämmer inte med Content-Length');
    default:
      return AppException.validation('Förfrågans innehåll kunde inte läsas');
  }
}

/** PostgreSQL's SQLSTATE of a TypeORM QueryFailedError (or a pg error), by duck typing. */
function sqlState(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const driver = (err as { driverError?: unknown }).driverError;
  const source = (typeof driver === 'object' && driver !== null ? driver : err) as { code?: unknown };
  return typeof source.code === 'string' && /^[0-9A-Z]{5}$/.test(source.code) ? source.code : undefined;
}

/**
 * PostgreSQL refused a value the request carried (class 22, "data exception": a NUL byte, text that is not a
 * timestamp or UUID, a number out of range; 54001: JSON nested too deep). The HTTP edge validates these first;
 * this is the net under it, so a value the validation missed is the client's 400, not our 500.
 */
export function databaseInputException(err: unknown): AppException | null {
  const state = sqlState(err);
  if (state === undefined || !(state.startsWith('22') || state === '54001')) return null;
  return AppException.validation(
    'Ett värde i förfrågan kunde inte tolkas: det har otillåtna tecken, fel format eller är utanför tillåtna gränser',
    { sqlState: state },
  );
}

const SWEDISH_HINT = /[åäöÅÄÖ]|\b(inte|och|för|måste|ogiltig|ogiltigt|saknas|finns|får|högst|minst)\b/i;

/** Known English messages of Nest's pipes, multer/busboy and Express, in Swedish. */
const KNOWN: [RegExp, string][] = [
  [/^Cannot [A-Z]+ /, 'Det finns ingen sådan adress i API:t'],
  [/^Validation failed \(uuid( v\d)? is expected\)$/, 'Ogiltigt id: ett UUID väntades'],
  [/^Validation failed \(numeric string is expected\)$/, 'Ett heltal väntades'],
  [/^Validation failed \(boolean string is expected\)$/, 'true eller false väntades'],
  [/^Validation failed/, 'Ogiltigt värde i adressen'],
  [/^Failed to decode param/, 'Adressen har ogiltig procentkodning'],
  [/^File too large/, 'Filen är för stor'],
  [/^Too many files/, 'Skicka bara en fil, i fältet "file"'],
  [/^Unexpected (file )?field/, 'Oväntat filfält: filen ska ligga i fältet "file"'],
  [/^Too many (parts|fields)/, 'Formuläret har för många fält'],
  [/^Field (name|value) too long/, 'Ett fält i formuläret är för långt'],
  [
    /^Field name (missing|nesting too deep|array index too large)|^Invalid field name/,
    'Ogiltigt fältnamn i formuläret',
  ],
  [/^Multipart: Boundary not found/, 'Formuläret (multipart) saknar boundary i Content-Type'],
  [/^Multipart: /, 'Formuläret (multipart) är trasigt eller ofullständigt'],
  [/JSON/, 'Innehållet är inte giltig JSON'],
];

const BY_STATUS: Record<number, string> = {
  400: 'Ogiltig förfrågan',
  401: 'Du måste logga in',
  403: 'Du saknar behörighet för detta',
  404: 'Finns inte',
  405: 'Metoden stöds inte här',
  406: 'Det begärda formatet kan inte levereras',
  408: 'Förfrågan tog för lång tid',
  409: 'Konflikt med nuvarande läge',
  410: 'Finns inte längre',
  413: 'Förfrågan är för stor',
  415: 'Innehållstypen stöds inte',
  422: 'Förfrågan kunde inte behandlas',
  429: 'För många förfrågningar; vänta en stund',
  503: 'Tjänsten är inte tillgänglig just nu; försök igen om en stund',
};

/** An HttpException's message as staff should read it: kept when Swedish already, translated otherwise. */
export function swedishHttpMessage(status: number, message: string): string {
  if (SWEDISH_HINT.test(message)) return message;
  for (const [pattern, swedish] of KNOWN) if (pattern.test(message)) return swedish;
  return BY_STATUS[status] ?? (status >= 500 ? 'Ett internt fel inträffade' : 'Ogiltig förfrågan');
}
