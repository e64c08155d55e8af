// The web app's part of `npm run build` (and so of `npm start`): builds apps/web into dist/web with Vite, only
// when its sources or package-lock.json changed since the last build. The hash of what went into a build is kept
// in dist/web/.source-hash; an unchanged app costs one read of those files (tens of milliseconds), not a build.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'apps/web');
const OUT = join(ROOT, 'dist/web');
const HASH_FILE = join(OUT, '.source-hash');

/** Tests do not go into the build; changing one must not rebuild. */
const NOT_BUILT = /\.test\.[cm]?[jt]sx?$|(^|\/)src\/test\//;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : files(path);
    return entry.isFile() ? [path] : [];
  });
}

export function sourceHash() {
  const hash = createHash('sha256');
  const inputs = files(WEB)
    .map((path) => relative(ROOT, path).split(sep).join('/'))
    .filter((path) => !NOT_BUILT.test(path.slice('apps/web/'.length)))
    .sort();
  for (const path of [...inputs, 'package-lock.json']) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(join(ROOT, path)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function main() {
  const hash = sourceHash();
  const built = existsSync(HASH_FILE) && existsSync(join(OUT, 'index.html'));
  if (built && readFileSync(HASH_FILE, 'utf8').trim() === hash) {
    process.stdout.write('Webbappen är oförändrad sedan förra bygget (dist/web).\n');
    return;
  }
  process.stdout.write('Bygger webbappen (apps/web → dist/web) …\n');
  const vite = join(ROOT, 'node_modules/.bin/vite');
  // Always a production build, whoever asks (Jest sets NODE_ENV=test, and Vite takes import.meta.env.PROD from
  // NODE_ENV): the build is what users get, service worker included, and its hash does not know the environment.
  const result = spawnSync(vite, ['build', '--config', join(WEB, 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    process.stderr.write(
      `Webbappen kunde inte byggas (vite build ${result.error ? result.error.message : `avslutades med ${result.status}`}).\n`,
    );
    process.exit(1);
  }
  writeFileSync(HASH_FILE, `${hash}\n`);
  process.stdout.write('Webbappen byggd (dist/web).\n');
}

main();
