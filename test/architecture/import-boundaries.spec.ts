import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

type Case = [what: string, file: string, source: string];

const REFUSED: Case[] = [
  ['the engine imports a feature lib', 'libs/sending/src/x.ts', "import { x } from '@app/campaigns';"],
  ['the engine imports tracking (above it)', 'libs/sending/src/x.ts', "import { x } from '@app/tracking';"],
  ['the engine imports meetings', 'libs/sending/src/x.ts', "import { x } from '@app/meetings';"],
  ['campaigns import meetings (siblings)', 'libs/campaigns/src/x.ts', "import { x } from '@app/meetings';"],
  ['the CRM imports campaigns', 'libs/crm/src/contacts/x.ts', "import { x } from '@app/campaigns';"],
  ['the CRM imports the engine', 'libs/crm/src/x.ts', "import { x } from '@app/sending';"],
  ['mail imports campaigns', 'libs/mail/src/x.ts', "import { x } from '@app/campaigns';"],
  ['mail imports the engine', 'libs/mail/src/x.ts', "import { x } from '@app/sending';"],
  ['a lib imports auth for the audit log', 'libs/crm/src/x.ts', "import { x } from '@app/auth';"],
  [
    "a lib reaches into another lib's files",
    'libs/campaigns/src/x.ts',
    "import { x } from '@app/mail/templates/handlebars-environment';",
  ],
  [
    "a lib reaches into another lib's files by a relative path",
    'libs/campaigns/src/sending/x.ts',
    "import { x } from '../../../sending/src/ledger/ledger.repository';",
  ],
  [
    'a lower lib names a higher one by a relative path',
    'libs/crm/src/x.ts',
    "import { x } from '../../campaigns/src';",
  ],
  [
    'an app reaches into a lib',
    'apps/api/src/x.ts',
    "import { x } from '@app/sending/ledger/ledger.repository';",
  ],
  ['the web app imports a lib', 'apps/web/src/x.tsx', "import { x } from '@app/crm';"],
  [
    'the web app imports the API by a relative path',
    'apps/web/src/x.ts',
    "import { x } from '../../api/src/bootstrap';",
  ],
  [
    'the web app imports a lib by a relative path',
    'apps/web/src/a/x.tsx',
    "import { x } from '../../../../libs/crm/src';",
  ],
];

const ALLOWED: Case[] = [
  ['a feature lib uses the engine', 'libs/campaigns/src/x.ts', "import { x } from '@app/sending';"],
  ['the engine uses the CRM', 'libs/sending/src/x.ts', "import { x } from '@app/crm';"],
  ['the engine uses mail', 'libs/sending/src/x.ts', "import { x } from '@app/mail';"],
  ['a lib uses the audit log', 'libs/crm/src/x.ts', "import { x } from '@app/audit';"],
  [
    'a lib imports its own files',
    'libs/sending/src/send/x.ts',
    "import { x } from '../ledger/ledger.repository';",
  ],
  ['an app uses any lib', 'apps/api/src/x.ts', "import { x } from '@app/campaigns';"],
  [
    'the web app imports its own API client',
    'apps/web/src/features/contacts/x.tsx',
    "import { x } from '../../api/client';",
  ],
];

/**
 * ESLint loads its ES-module config, which Jest's module system cannot: the cases are linted in one plain
 * Node process with the project's own config, as `npm run lint` would lint them in those files.
 */
function lintAll(cases: Case[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const [, file, source] of cases) {
        const [r] = await eslint.lintText(source + '\\nexport const used = x;\\n', { filePath: file });
        out.push(r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const output = execFileSync(process.execPath, ['-e', script, JSON.stringify(cases)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[][];
}

describe('import boundaries (eslint.config.mjs)', () => {
  let refused: string[][];
  let allowed: string[][];

  beforeAll(() => {
    const results = lintAll([...REFUSED, ...ALLOWED]);
    refused = results.slice(0, REFUSED.length);
    allowed = results.slice(REFUSED.length);
  }, 60_000);

  it.each(REFUSED.map((c, i) => [c[0], i] as const))('refuses: %s', (_what, i) => {
    expect(refused[i]).toHaveLength(1);
  });

  it.each(ALLOWED.map((c, i) => [c[0], i] as const))('allows: %s', (_what, i) => {
    expect(allowed[i]).toEqual([]);
  });
});
