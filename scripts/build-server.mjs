// The server's part of `npm run build` (and so of `npm start`): compiles apps/api, apps/worker and libs into
// dist with tsc and tsc-alias, only when what goes into them changed since the last build. The hash of the inputs
// (every .ts file tsconfig.build.json takes, the tsconfig files, package-lock.json) is kept in
// dist/.server-source-hash; an unchanged server costs one read of those files (tens of milliseconds) instead of
// about 7 s of tsc, so a second `npm start` reaches /health in the time the server itself needs to start.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist');
const HASH_FILE = join(OUT, '.server-source-hash');
const ENTRIES = ['apps/api/src/main.js', 'apps/worker/src/main.js'].map((p) => join(OUT, p));

/** What tsconfig.build.json leaves out: tests, test support and the web app (built by build-web.mjs). */
const NOT_BUILT = /(\.spec|\.int-spec|\.e2e-spec)\.ts$|(^|\/)test-support\/|^apps\/web\//;

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}

export function serverSourceHash() {
  const hash = createHash('sha256');
  const inputs = ['apps', 'libs']
    .flatMap((dir) => tsFiles(join(ROOT, dir)))
    .map((path) => relative(ROOT, path).split(sep).join('/'))
    .filter((path) => !NOT_BUILT.test(path))
    .sort();
  for (const path of [...inputs, 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(join(ROOT, path)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function run(command, args) {
  const result = spawnSync(join(ROOT, 'node_modules/.bin', command), args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(
      `Servern kunde inte byggas (${command} ${result.error ? result.error.message : `avslutades med ${result.status}`}).\n`,
    );
    process.exit(1);
  }
}

function main() {
  const hash = serverSourceHash();
  const built = existsSync(HASH_FILE) && ENTRIES.every((entry) => existsSync(entry));
  if (built && readFileSync(HASH_FILE, 'utf8').trim() === hash) {
    process.stdout.write('Servern är oförändrad sedan förra bygget (dist).\n');
    return;
  }
  process.stdout.write('Bygger servern (apps/api, apps/worker, libs → dist) …\n');
  // The old hash goes first: a build that stops half-way must not count as done.
  rmSync(HASH_FILE, { force: true });
  run('tsc', ['-p', 'tsconfig.build.json']);
  run('tsc-alias', ['-p', 'tsconfig.build.json']);
  writeFileSync(HASH_FILE, `${hash}\n`);
  process.stdout.write('Servern byggd (dist).\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
