import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'outreach-crm';

let cached: string | undefined;

/**
 * The version in the app's package.json, found by walking up from this file: the same in the source tree
 * (ts-node, Jest) and in the build (dist/…, with package.json beside dist as in the Docker image).
 */
export function appVersion(): string {
  if (cached !== undefined) return cached;
  let dir = __dirname;
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return (cached = pkg.version);
    }
    const parent = dirname(dir);
    if (parent === dir) return (cached = 'okänd');
    dir = parent;
  }
}
