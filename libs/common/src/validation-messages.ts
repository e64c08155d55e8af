import type { ValidationError } from 'class-validator';
import { AppException } from './app.exception';

/** One problem with one field of a request, in Swedish: `name: högst 200 tecken`. */
export interface FieldProblem {
  /** The field's path in the request, e.g. `name`, `sv.mjml`, `filter.q`. */
  field: string;
  message: string;
}

type Translate = (english: string) => string | null;

/** `(each value in )?<property> <rest>` → the rest, and whether it was said of each value of a list. */
function rest(english: string, pattern: RegExp): RegExpMatchArray | null {
  return english.replace(/^each value in /, '').match(pattern);
}

const phrase =
  (pattern: RegExp, swedish: (m: RegExpMatchArray) => string): Translate =>
  (english) => {
    const m = rest(english, pattern);
    return m ? swedish(m) : null;
  };

/**
 * class-validator's default (English) message for every constraint the DTOs use, keyed by constraint name, in
 * Swedish. A DTO's own message (already Swedish) does not match its pattern and is kept as it is.
 */
const SWEDISH: Record<string, Translate> = {
  isString: phrase(/^\S+ must be a string$/, () => 'måste vara text'),
  maxLength: phrase(/^\S+ must be shorter than or equal to (\d+) characters$/, (m) => `högst ${m[1]} tecken`),
  minLength: phrase(/^\S+ must be longer than or equal to (\d+) characters$/, (m) => `minst ${m[1]} tecken`),
  isNotEmpty: phrase(/^\S+ should not be empty$/, () => 'får inte vara tomt'),
  isIn: phrase(/^\S+ must be one of the following values: (.*)$/, (m) => `måste vara ett av: ${m[1]}`),
  isUuid: phrase(/^\S+ must be a UUID$/, () => 'måste vara ett UUID'),
  isInt: phrase(/^\S+ must be an integer number$/, () => 'måste vara ett heltal'),
  min: phrase(/^\S+ must not be less than (\S+)$/, (m) => `får inte vara mindre än ${m[1]}`),
  max: phrase(/^\S+ must not be greater than (\S+)$/, (m) => `får inte vara större än ${m[1]}`),
  isBoolean: phrase(/^\S+ must be a boolean value$/, () => 'måste vara true eller false'),
  matches: phrase(/^\S+ must match .* regular expression$/, () => 'har fel format'),
  isArray: phrase(/^\S+ must be an array$/, () => 'måste vara en lista'),
  arrayMaxSize: phrase(
    /^\S+ must contain no more than (\d+) elements$/,
    (m) => `får innehålla högst ${m[1]} värden`,
  ),
  arrayMinSize: phrase(
    /^\S+ must contain at least (\d+) elements$/,
    (m) => `måste innehålla minst ${m[1]} värden`,
  ),
  arrayNotEmpty: phrase(/^\S+ should not be empty$/, () => 'får inte vara en tom lista'),
  isObject: phrase(/^\S+ must be an object$/, () => 'måste vara ett objekt'),
  isDefined: phrase(/^\S+ should not be null or undefined$/, () => 'måste anges'),
  isUrl: phrase(/^\S+ must be a URL address$/, () => 'måste vara en webbadress'),
  isEmail: phrase(/^\S+ must be an email$/, () => 'måste vara en e-postadress'),
  isNumber: phrase(
    /^\S+ must be a number conforming to the specified constraints$/,
    () => 'måste vara ett tal',
  ),
  isDateString: phrase(/^\S+ must be a valid ISO 8601 date string$/, () => 'måste vara ett datum (ISO 8601)'),
  isIso8601: phrase(/^\S+ must be a valid ISO 8601 date string$/, () => 'måste vara ett datum (ISO 8601)'),
  isEnum: phrase(/^\S+ must be one of the following values: (.*)$/, (m) => `måste vara ett av: ${m[1]}`),
  whitelistValidation: phrase(/^property \S+ should not exist$/, () => 'fältet finns inte och tas inte emot'),
  nestedValidation: phrase(
    /^nested property \S+ must be either object or array$/,
    () => 'måste vara ett objekt',
  ),
  unknownValue: phrase(/^an unknown value was passed to the validate function$/, () => 'okänt värde'),
};

/** One constraint's message in Swedish: the translation of class-validator's default, or the DTO's own message. */
export function swedishConstraintMessage(constraint: string, message: string): string {
  const swedish = SWEDISH[constraint]?.(message);
  if (swedish === null || swedish === undefined) {
    // Anything still in class-validator's English form is a constraint this table lacks: never show English.
    return /^(each value in )?\S+ (must|should) /.test(message) ? 'har ett ogiltigt värde' : message;
  }
  return message.startsWith('each value in ') ? `varje värde: ${swedish}` : swedish;
}

/** Every problem in a tree of class-validator errors, each naming its field by its path in the request. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const swedish = swedishConstraintMessage(constraint, message);
      // A DTO's own message may already start with the field name ("role måste vara en av: …").
      const text = swedish.startsWith(`${error.property} `)
        ? swedish.slice(error.property.length + 1)
        : swedish;
      problems.push({ field, message: `${field}: ${text}` });
    }
    if (error.children?.length) problems.push(...fieldProblems(error.children, field));
  }
  return problems;
}

/** The global ValidationPipe's exceptionFactory: 400 VALIDATION_FAILED, each problem in Swedish naming its field. */
export function swedishValidationException(errors: ValidationError[]): AppException {
  const problems = fieldProblems(errors);
  const message = problems.length > 0 ? problems.map((p) => p.message).join('; ') : 'Ogiltig förfrågan';
  return AppException.validation(message, { errors: problems.map((p) => p.message), fields: problems });
}
