import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiDocumentOf } from '../../apps/api/src/bootstrap';
import { createTestApp, TestApp } from '../support/test-app';

const COMMITTED = resolve(__dirname, '../../apps/web/src/api/openapi.json');

/** Where two JSON values first differ, as paths ("paths./api/contacts.get.parameters"), at most `max`. */
function differences(a: unknown, b: unknown, path = '', max = 10, out: string[] = []): string[] {
  if (out.length >= max) return out;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null) {
    if (a !== b) out.push(path || '(hela dokumentet)');
    return out;
  }
  if (typeof a !== 'object') {
    if (a !== b) out.push(path);
    return out;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ao), ...Object.keys(bo)]))
    differences(ao[key], bo[key], path ? `${path}.${key}` : key, max, out);
  return out;
}

/**
 * The web app's API types (apps/web/src/api/schema.d.ts) are generated from the committed openapi.json; when the
 * API's document changes, both must be made again, or the app would be type-checked against an API that is gone.
 */
describe('the web app’s copy of the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is the document the API serves (else: kör npm run web:api-types)', () => {
    const served = JSON.parse(JSON.stringify(openApiDocumentOf(t.app))) as unknown;
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as unknown;
    const differing = differences(committed, served);
    if (differing.length > 0) {
      throw new Error(
        'apps/web/src/api/openapi.json är inaktuell: kör npm run web:api-types och checka in openapi.json och ' +
          `schema.d.ts. Skillnader bland annat i:\n  ${differing.join('\n  ')}`,
      );
    }
  });
});
