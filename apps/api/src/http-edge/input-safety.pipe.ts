import { AppException, controlCharacterMessage, forbiddenControlCharacter, TextKind } from '@app/common';
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';

/** Deeper than any DTO (a segment filter inside a body is two levels; custom fields a few more). */
export const MAX_BODY_DEPTH = 32;

/**
 * Runs before the ValidationPipe on every body, query and route parameter: refuses control characters (NUL
 * anywhere; in the query and path also tabs and line breaks) in every string and every key, and bodies nested
 * deeper than MAX_BODY_DEPTH. The walk is iterative and stops at the limit, so no input can exhaust the stack;
 * nothing downstream (class-transformer, PostgreSQL's jsonb) ever sees such input.
 */
@Injectable()
export class InputSafetyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const kind: TextKind = metadata.type === 'body' ? 'text' : 'line';
    const root = metadata.type === 'body' ? '' : (metadata.data ?? '');
    const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
    while (stack.length > 0) {
      const { value: current, path, depth } = stack.pop()!;
      if (typeof current === 'string') {
        checkText(current, path, kind);
        continue;
      }
      if (typeof current !== 'object' || current === null) continue;
      if (depth >= MAX_BODY_DEPTH) {
        throw AppException.validation(
          `${path || 'Innehållet'}: för djupt nästlat (högst ${MAX_BODY_DEPTH} nivåer)`,
          { field: path || null, maxDepth: MAX_BODY_DEPTH },
        );
      }
      if (Array.isArray(current)) {
        current.forEach((item, i) =>
          stack.push({ value: item, path: join(path, String(i)), depth: depth + 1 }),
        );
        continue;
      }
      // Buffers and other class instances are not parsed input (an uploaded file comes as a 'custom' parameter).
      const proto = Object.getPrototypeOf(current) as unknown;
      if (proto !== Object.prototype && proto !== null) continue;
      for (const [key, item] of Object.entries(current as Record<string, unknown>)) {
        checkText(key, join(path, '(fältnamn)'), 'line');
        if (key === '__proto__') {
          // JSON.parse makes it an own key; nothing downstream should ever be handed one.
          throw AppException.validation(`${join(path, key)}: fältnamnet tas inte emot`, {
            field: join(path, key),
          });
        }
        stack.push({ value: item, path: join(path, key), depth: depth + 1 });
      }
    }
    return value;
  }
}

/** A field's path for messages; keys come from the client, so a long one is cut. */
function join(path: string, key: string): string {
  const joined = path ? `${path}.${key}` : key;
  return joined.length > 120 ? `${joined.slice(0, 117)}…` : joined;
}

function checkText(text: string, path: string, kind: TextKind): void {
  const found = forbiddenControlCharacter(text, kind);
  if (found === null) return;
  const field = path || 'Innehållet';
  throw AppException.validation(`${field}: ${controlCharacterMessage(found, kind)}`, {
    field: path || null,
    character: found,
  });
}
