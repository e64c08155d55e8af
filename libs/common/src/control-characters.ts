import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Control characters in text from outside. PostgreSQL cannot store NUL in text at all (the statement fails), and
 * the other C0/C1 controls are never part of a name, an address or a search: they come from broken files or from
 * someone probing. Free text (notes, templates) may hold tabs and line breaks; single-line fields (names, subjects,
 * query parameters) may not, since a CR/LF there can end up in a mail header or a CSV row.
 */
const FORBIDDEN_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const FORBIDDEN_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

export type TextKind = 'text' | 'line';

/** The first forbidden character's code point as U+XXXX, or null if the value is clean. */
export function forbiddenControlCharacter(value: string, kind: TextKind): string | null {
  const m = (kind === 'line' ? FORBIDDEN_IN_LINE : FORBIDDEN_IN_TEXT).exec(value);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** Swedish explanation of a forbidden character, for messages naming the field. */
export function controlCharacterMessage(codePoint: string, kind: TextKind): string {
  return kind === 'line' && ['U+000A', 'U+000D', 'U+2028', 'U+2029'].includes(codePoint)
    ? `får inte innehålla radbrytningar (${codePoint})`
    : `innehåller ett otillåtet kontrolltecken (${codePoint})`;
}

/**
 * class-validator rule for single-line text (names, subjects, titles): no line breaks, tabs or other control
 * characters. Non-strings pass (IsString says what is wrong with them).
 */
export function IsSingleLine(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSingleLine',
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || forbiddenControlCharacter(value, 'line') === null,
        defaultMessage: (args) => {
          const value = args?.value;
          const found = typeof value === 'string' ? forbiddenControlCharacter(value, 'line') : null;
          return controlCharacterMessage(found ?? 'U+000A', 'line');
        },
      },
    },
    options,
  );
}
