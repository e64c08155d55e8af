import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data', 'coverage', '.git']);
const CODE_EXTENSIONS = new Set([
  '.ts',
  '.tsx',
  '.mts',
  '.js',
  '.mjs',
  '.cjs',
  '.json',
  '.yaml',
  '.yml',
  '.sh',
]);
const CODE_FILES = new Set(['Dockerfile', 'run']);

/** Every file that runs, builds or tests (documentation may point outside: it is read, not run). */
function codeFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) found.push(...codeFiles(join(dir, entry.name)));
    } else if (CODE_EXTENSIONS.has(extname(entry.name)) || CODE_FILES.has(entry.name)) {
      if (entry.name !== 'package-lock.json') found.push(join(dir, entry.name));
    }
  }
  return found;
}

/** Quoted relative paths that climb ("../…"), as written in the file. */
function climbingPaths(source: string): string[] {
  return [...source.matchAll(/['"`]((?:\.\.\/)+[^'"`\s]*)['"`]/g)].map((m) => m[1]);
}

/** Paths that leave the repository, resolved from the file that names them: "file: path". */
function pathsOutside(file: string, source: string): string[] {
  return climbingPaths(source)
    .filter((p) => {
      const target = resolve(dirname(file), p);
      return target !== ROOT && !target.startsWith(ROOT + sep);
    })
    .map((p) => `${relative(ROOT, file)}: ${p}`);
}

describe('the repository stands on its own', () => {
  it('finds a path that leaves the repository (the check itself works)', () => {
    const file = join(ROOT, 'libs/database/src/x.int-spec.ts');
    expect(
      pathsOutside(file, "readFileSync(resolve(__dirname, '../../../../shared/data/regions.csv'))"),
    ).toEqual(['libs/database/src/x.int-spec.ts: ../../../../shared/data/regions.csv']);
    expect(
      pathsOutside(file, "readFileSync(resolve(__dirname, '../../../test/fixtures/regions.csv'))"),
    ).toEqual([]);
  });

  it('no code, test, build or CI file reads or imports anything outside the repository', () => {
    // The architecture specs hold snippets of other files' source as data; they are checked as what they are.
    const files = codeFiles(ROOT).filter((f) => dirname(f) !== __dirname);
    expect(files.length).toBeGreaterThan(100);
    const outside = files.flatMap((f) => pathsOutside(f, readFileSync(f, 'utf8')));
    expect(outside).toEqual([]);
  });
});
