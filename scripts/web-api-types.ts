import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openApiDocumentOf } from '../apps/api/src/bootstrap';
import globalSetup from '../test/support/global-setup';
import globalTeardown from '../test/support/global-teardown';
import { createTestApp } from '../test/support/test-app';

/**
 * `npm run web:api-types`: the API's OpenAPI document, as the app builds it (no server listens: the app is only
 * initialised, on a throwaway database cloned like the tests' own), written to apps/web/src/api/openapi.json, and
 * the web app's types generated from it with openapi-typescript (apps/web/src/api/schema.d.ts). Both are committed;
 * test/e2e/web-api-types.e2e-spec.ts fails when the document has changed since.
 */
const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, 'apps/web/src/api');

async function main(): Promise<void> {
  await globalSetup();
  try {
    const t = await createTestApp({}, { withWorker: false });
    try {
      const document = JSON.parse(JSON.stringify(openApiDocumentOf(t.app))) as unknown;
      writeFileSync(join(OUT_DIR, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
    } finally {
      await t.close();
    }
  } finally {
    await globalTeardown();
  }
  execFileSync(
    join(ROOT, 'node_modules/.bin/openapi-typescript'),
    // A default value does not make a request's field required (UpdateContactDto.language has one).
    [
      join(OUT_DIR, 'openapi.json'),
      '--default-non-nullable',
      'false',
      '--output',
      join(OUT_DIR, 'schema.d.ts'),
    ],
    { stdio: 'inherit' },
  );
  process.stdout.write('Skrev apps/web/src/api/openapi.json och schema.d.ts\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
