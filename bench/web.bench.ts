/**
 * Benchmark: the staff web app's two performance targets, in Debian's Chromium against the real API.
 *
 * 1. Initial JavaScript: what dist/web/index.html loads before any page is chosen (its module script, its
 *    modulepreload links and every chunk those import statically; the built chunks' static import graph is
 *    followed, lazy import() is not), each file gzipped with zlib at level 9, summed against ≤ 300 kB. The
 *    largest lazy chunks beside it, so one sees that the editor and the charts are not in the initial set.
 * 2. The contacts page at 100k contacts: from navigation start (performance.now() in the page: its time origin)
 *    to the first frame that shows the first rows of the table (a MutationObserver sees the rows come into the
 *    DOM; the mark is taken after the next frame is drawn: requestAnimationFrame, then a message). One cold
 *    navigation (a fresh browser context: empty cache) reported alone, then NAVIGATIONS warm ones, p50/p95
 *    against ≤ 1000 ms.
 *    Baseline in the same run, interleaved: the same measure for a page of the same app without data (the
 *    not-found page inside the shell: the app's files, the session check and the shell, nothing else).
 * 3. A search on that page: "oberg" typed into the search box; from the last keystroke to the first frame with
 *    only Öberg's rows (the page's 300 ms debounce included), each on a fresh navigation (an empty query cache).
 * 4. The list request itself over HTTP (fetch with the session cookie, the URLs the page asked for).
 * 5. As the machine is shared, the CPU time of the page's main thread up to the same marks (a Chromium trace of
 *    TRACES more navigations of each page, not among the timed ones): what the page costs the renderer however
 *    busy the other cores are. Only that thread: the compositor, the API and PostgreSQL are not in it.
 *
 * The real API (createApiApp, as production) listens on a loopback port in this process and serves the built
 * app; seeding is SQL (not measured). Prints figures; not a test.
 *
 *   npm run bench:web     (CONTACTS=100000, NAVIGATIONS=10, SEARCHES=10, API_CALLS=20, TRACES=3, BENCH_DATABASE_URL,
 *                          REDIS_URL, CHROMIUM_PATH; PROFILE=file.cpuprofile writes a CPU profile of Chromium's
 *                          main thread over one more warm navigation to the contacts page, for
 *                          `node bench/support/profile-summary.mjs`; the chunks are minified, their names short;
 *                          TRACE_DIR=dir keeps the traces of point 5 there, for DevTools' Performance panel)
 */
import 'reflect-metadata';
import { foldForSearch } from '@app/common';
import { contactSearchText } from '@app/crm';
import type { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import IORedis from 'ioredis';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import * as ts from 'typescript';
import { DataSource } from 'typeorm';
import { startBenchApi } from './support/bench-api';
import { createBenchDatabase } from './support/bench-database';
import { contactRow } from './support/generate-contacts';

const ROOT = join(__dirname, '..');
const WEB_DIST = join(ROOT, 'dist', 'web');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** 300 kB, a kB being 1000 bytes (the stricter reading of "300 KB"). */
const INITIAL_JS_TARGET_BYTES = 300_000;
const FIRST_ROWS_TARGET_MS = 1000;
const SEARCH_TEXT = 'oberg';
/** What every row of the search's answer shows (the seeded last name "Öberg"). */
const SEARCH_EXPECT = 'Öberg';
const WAIT_MS = 60_000;

function pct(times: number[], p: number): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function verdict(value: number, target: number, unit: string): string {
  return `  (mål ≤ ${target} ${unit}: ${value <= target ? 'ok' : 'MISSAT'})`;
}

function line(name: string, times: number[], target?: number): string {
  const p95 = pct(times, 95);
  return `  ${name.padEnd(40)} p50 ${pct(times, 50).toFixed(1).padStart(7)} ms   p95 ${p95
    .toFixed(1)
    .padStart(7)} ms   max ${Math.max(...times)
    .toFixed(1)
    .padStart(7)} ms${target === undefined ? '' : verdict(p95, target, 'ms')}`;
}

function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1).padStart(7)} kB`;
}

function load(): string {
  const [one, five, fifteen] = loadavg().map((l) => l.toFixed(2));
  return `belastning (loadavg 1/5/15 min) ${one} / ${five} / ${fifteen} på ${cpus().length} kärnor`;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. The initial JavaScript

interface Chunk {
  /** As the page asks for it: /assets/… */
  path: string;
  raw: number;
  gzip: number;
  /** Which of the heavy libraries (LIBRARY_MARKERS) it holds. */
  holds: string[];
}

/** Strings only these libraries' code carries (class names they put in the DOM), to name what a chunk holds. */
const LIBRARY_MARKERS: [string, RegExp][] = [
  ['redigeraren (CodeMirror)', /\bcm-editor\b|\bcm-content\b/],
  ['diagram (Recharts)', /\brecharts-[a-z]/],
];

function chunkOf(path: string): Chunk {
  const content = readFileSync(join(WEB_DIST, path));
  const text = content.toString('utf8');
  return {
    path,
    raw: content.length,
    gzip: gzipSync(content, { level: 9 }).length,
    holds: LIBRARY_MARKERS.filter(([, marker]) => marker.test(text)).map(([name]) => name),
  };
}

/** The attributes of every <script …> or <link …> tag of index.html. */
function tagsOf(html: string, tag: 'script' | 'link'): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))].map(
    ([, attributes]) =>
      Object.fromEntries(
        [...attributes.matchAll(/([a-zA-Z-]+)(?:\s*=\s*"([^"]*)")?/g)].map(([, name, value]) => [
          name.toLowerCase(),
          value ?? '',
        ]),
      ) as Record<string, string>,
  );
}

/** The chunks a built chunk imports statically (its top-level import/export … from), as paths under /. */
function staticImports(path: string): string[] {
  const source = readFileSync(join(WEB_DIST, path), 'utf8');
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const found: string[] = [];
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (specifier && ts.isStringLiteral(specifier))
      found.push(new URL(specifier.text, `http://web${path}`).pathname);
  }
  return found;
}

interface Bundle {
  entries: string[];
  preloads: string[];
  initial: Chunk[];
  /** Chunks of the initial set that index.html does not preload (found only through the import graph). */
  notPreloaded: string[];
  css: Chunk[];
  lazy: Chunk[];
}

function analyseBundle(): Bundle {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const entries = tagsOf(html, 'script')
    .filter((a) => a.type === 'module' && a.src)
    .map((a) => a.src);
  const links = tagsOf(html, 'link');
  const preloads = links.filter((a) => a.rel === 'modulepreload' && a.href).map((a) => a.href);
  const styles = links.filter((a) => a.rel === 'stylesheet' && a.href).map((a) => a.href);
  if (entries.length === 0) throw new Error('dist/web/index.html har inget <script type="module">');
  const initial = new Set<string>();
  const queue = [...entries, ...preloads];
  for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
    if (initial.has(path)) continue;
    initial.add(path);
    queue.push(...staticImports(path));
  }
  const lazy = readdirSync(join(WEB_DIST, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `/assets/${f}`)
    .filter((path) => !initial.has(path));
  return {
    entries,
    preloads,
    initial: [...initial].sort().map(chunkOf),
    notPreloaded: [...initial].filter((p) => !entries.includes(p) && !preloads.includes(p)),
    css: styles.map(chunkOf),
    lazy: lazy.map(chunkOf).sort((a, b) => b.gzip - a.gzip),
  };
}

function buildWebApp(): void {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) throw new Error(`Webbappen kunde inte byggas:\n${build.stdout}${build.stderr}`);
  for (const text of build.stdout.trim().split('\n')) console.log(`  ${text}`);
}

function reportBundle(bundle: Bundle): void {
  const name = (path: string) => path.replace(/^\/assets\//, '');
  const width = Math.max(
    ...[...bundle.initial, ...bundle.css, ...bundle.lazy].map((c) => name(c.path).length),
  );
  const row = (c: Chunk, note = '') =>
    `    ${name(c.path).padEnd(width)} ${kB(c.raw)} rå ${kB(c.gzip)} gzip${c.holds.length ? `  [${c.holds.join(', ')}]` : ''}${note}`;
  console.log(
    'Initial JavaScript (index.html: modulskriptet, modulepreload-länkarna och allt de importerar statiskt; ' +
      'gzip med zlib nivå 9 per fil, 1 kB = 1000 byte; API:t själv komprimerar inte):',
  );
  for (const c of bundle.initial)
    console.log(
      row(
        c,
        bundle.entries.includes(c.path)
          ? '  (ingång)'
          : bundle.notPreloaded.includes(c.path)
            ? '  (statisk import utan modulepreload)'
            : '',
      ),
    );
  const total = bundle.initial.reduce((sum, c) => sum + c.gzip, 0);
  const raw = bundle.initial.reduce((sum, c) => sum + c.raw, 0);
  console.log(
    `    ${'summa'.padEnd(width)} ${kB(raw)} rå ${kB(total)} gzip${verdict(total / 1000, INITIAL_JS_TARGET_BYTES / 1000, 'kB')}`,
  );
  const heavy = bundle.initial.filter((c) => c.holds.length > 0);
  console.log(
    `    redigerare/diagram i den initiala JS:en: ${heavy.length === 0 ? 'nej' : heavy.map((c) => `${name(c.path)} [${c.holds.join(', ')}]`).join(', ')}`,
  );
  const css = bundle.css.reduce((sum, c) => sum + c.gzip, 0);
  console.log(
    `    CSS som index.html laddar (ingår inte i målet): ${bundle.css.map((c) => name(c.path)).join(', ')} = ${kB(css).trim()} gzip`,
  );
  if (
    !bundle.initial.some((c) => readFileSync(join(WEB_DIST, c.path), 'utf8').includes('Minified React error'))
  )
    console.log(
      '    OBS: React ser ut att vara utvecklingsversionen (bygget gjordes inte med NODE_ENV=production?); ' +
        'ta bort dist/web/.source-hash och kör igen',
    );
  const shown = bundle.lazy.slice(0, 8);
  console.log(
    `Största lata bitar (laddas först när en sida behöver dem; ${shown.length} av ${bundle.lazy.length}, ` +
      `alla lata tillsammans ${kB(bundle.lazy.reduce((sum, c) => sum + c.gzip, 0)).trim()} gzip):`,
  );
  for (const c of shown) console.log(row(c));
  for (const [library] of LIBRARY_MARKERS)
    if (!bundle.lazy.some((c) => c.holds.includes(library)) && !heavy.some((c) => c.holds.includes(library)))
      console.log(`    (${library} finns inte i bygget alls)`);
}

// ---------------------------------------------------------------------------------------------------------------
// 2. The data

/** 100k contacts as bench/support/generate-contacts.ts spells them (20 organisations, 21 regions), in SQL. */
async function seed(ds: DataSource, contacts: number): Promise<void> {
  const rows = Array.from({ length: contacts }, (_, i) => contactRow(i));
  const organizations = [...new Set(rows.map((r) => r[3]))];
  await ds.query(
    `INSERT INTO organizations (kind, name, name_key)
     SELECT 'member', name, key FROM unnest($1::text[], $2::text[]) AS v(name, key)`,
    [organizations, organizations.map(foldForSearch)],
  );
  const BATCH = 20_000;
  for (let from = 0; from < contacts; from += BATCH) {
    const part = rows.slice(from, from + BATCH);
    await ds.query(
      `INSERT INTO contacts (first_name, last_name, email, organization_id, region_id, roles, tags, search_text,
                             created_at, updated_at)
       SELECT v.first, v.last, v.email, o.id, r.id, ARRAY[v.role], string_to_array(v.tags, ','), v.search,
              now() - v.age * interval '1 minute', now() - v.age * interval '1 minute'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::int[]) AS v(first, last, email, org, region, role, tags, search, age)
         JOIN organizations o ON o.name = v.org
         JOIN regions r ON r.name = v.region`,
      [
        part.map((r) => r[0]),
        part.map((r) => r[1]),
        part.map((r) => r[2]),
        part.map((r) => r[3]),
        part.map((r) => r[4]),
        part.map((r) => r[6]),
        part.map((r) => r[7]),
        part.map((r) =>
          contactSearchText({ firstName: r[0], lastName: r[1], email: r[2], organizationName: r[3] }),
        ),
        part.map((_, i) => contacts - (from + i)),
      ],
    );
  }
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM contacts`);
  if (n !== contacts)
    throw new Error(`Bara ${n} av ${contacts} kontakter kom in (region eller organisation?)`);
  await ds.query('ANALYZE');
}

// ---------------------------------------------------------------------------------------------------------------
// 3. In the page (these functions run in Chromium: they see the page's globals through PageGlobals)

interface SearchMarks {
  /** What is typed, and what every row of its answer shows. */
  text: string;
  expect: string;
  inputs: number;
  lastInput: number | null;
  rows: number | null;
  rowsFrame: number | null;
}

/** Moments (performance.now(), ms from navigation start) the watcher saw. */
interface Marks {
  /** The page's own content (the first element inside <main id="innehall">) in the DOM, and after its frame. */
  main: number | null;
  mainFrame: number | null;
  /** The first contact rows in the DOM, and after the frame that draws them. */
  rows: number | null;
  rowsFrame: number | null;
  search: SearchMarks | null;
}

interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  type?: string;
}

interface PageTiming {
  name: string;
  startTime: number;
  responseEnd: number;
  domContentLoadedEventEnd?: number;
}

/** The few browser globals the page functions use (the bench's tsconfig has no DOM types). */
interface PageGlobals {
  __bench?: Marks;
  document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
    addEventListener(
      type: string,
      listener: (event: { target: PageElement | null }) => void,
      capture: boolean,
    ): void;
  };
  performance: {
    now(): number;
    mark(name: string): { startTime: number };
    getEntriesByType(type: string): PageTiming[];
  };
  requestAnimationFrame(callback: () => void): number;
  MessageChannel: new () => {
    port1: { onmessage: (() => void) | null };
    port2: { postMessage(message: unknown): void };
  };
  MutationObserver: new (callback: () => void) => { observe(target: object, options: object): void };
}

/** Init script of every document: watches the DOM from its first moment and marks what appears when. */
function watchPage(): void {
  const g = globalThis as unknown as PageGlobals;
  const marks: Marks = { main: null, mainFrame: null, rows: null, rowsFrame: null, search: null };
  g.__bench = marks;
  /** Runs `mark` once the next frame is drawn: a message posted from its animation frame is handled after it. */
  const afterFrame = (mark: () => void): void => {
    g.requestAnimationFrame(() => {
      const channel = new g.MessageChannel();
      channel.port1.onmessage = mark;
      channel.port2.postMessage(null);
    });
  };
  const check = (): void => {
    const now = g.performance.now();
    if (marks.main === null && g.document.querySelector('#innehall > *')) {
      marks.main = now;
      afterFrame(() => {
        marks.mainFrame = g.performance.mark('bench:mainFrame').startTime;
      });
    }
    if (marks.rows === null && g.document.querySelector('tbody tr.clickable-row')) {
      marks.rows = now;
      afterFrame(() => {
        marks.rowsFrame = g.performance.mark('bench:rowsFrame').startTime;
      });
    }
    const search = marks.search;
    if (search && search.rows === null && search.inputs >= search.text.length) {
      const busy = g.document.querySelector('table[aria-busy]')?.getAttribute('aria-busy');
      const rows = Array.from(g.document.querySelectorAll('tbody tr.clickable-row'));
      if (
        busy === 'false' &&
        rows.length > 0 &&
        rows.every((r) => (r.textContent ?? '').includes(search.expect))
      ) {
        search.rows = now;
        afterFrame(() => {
          search.rowsFrame = g.performance.now();
        });
      }
    }
  };
  g.document.addEventListener(
    'input',
    (event) => {
      const search = marks.search;
      if (!search || event.target?.type !== 'search') return;
      search.inputs += 1;
      search.lastInput = g.performance.now();
    },
    true,
  );
  new g.MutationObserver(check).observe(g.document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['aria-busy'],
  });
}

interface PageLoad {
  marks: Marks;
  responseEnd: number;
  domContentLoaded: number;
  resources: PageTiming[];
}

function collectTimings(): PageLoad {
  const g = globalThis as unknown as PageGlobals;
  const [navigation] = g.performance.getEntriesByType('navigation');
  return {
    marks: g.__bench!,
    responseEnd: navigation.responseEnd,
    domContentLoaded: navigation.domContentLoadedEventEnd ?? 0,
    resources: g.performance
      .getEntriesByType('resource')
      .map((e) => ({ name: e.name, startTime: e.startTime, responseEnd: e.responseEnd })),
  };
}

/** The last request of the page whose address matches. */
function resource(load: PageLoad, match: RegExp): PageTiming | undefined {
  return load.resources.filter((r) => match.test(r.name)).pop();
}

async function navigate(page: Page, url: string, until: 'rowsFrame' | 'mainFrame'): Promise<PageLoad> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(
      (mark) => (globalThis as unknown as PageGlobals).__bench?.[mark] != null,
      until,
      { timeout: WAIT_MS },
    );
  } catch (err) {
    throw new Error(`${until} kom inte inom ${WAIT_MS / 1000} s på ${page.url()}: ${String(err)}`);
  }
  return page.evaluate(collectTimings);
}

/** From a fresh navigation with rows on screen: types `text` into the search box, waits for its rows. */
async function search(page: Page, base: string): Promise<{ ms: number; load: PageLoad }> {
  await navigate(page, `${base}/kontakter`, 'rowsFrame');
  await page.evaluate(
    ({ text, expect }) => {
      (globalThis as unknown as PageGlobals).__bench!.search = {
        text,
        expect,
        inputs: 0,
        lastInput: null,
        rows: null,
        rowsFrame: null,
      };
    },
    { text: SEARCH_TEXT, expect: SEARCH_EXPECT },
  );
  await page.locator('input[type="search"]').pressSequentially(SEARCH_TEXT);
  await page.waitForFunction(
    () => (globalThis as unknown as PageGlobals).__bench?.search?.rowsFrame != null,
    {
      timeout: WAIT_MS,
    },
  );
  const load = await page.evaluate(collectTimings);
  const marks = load.marks.search!;
  return { ms: marks.rowsFrame! - marks.lastInput!, load };
}

/** p50 of the steps of the warm loads of the contacts page, ms from navigation start. */
function steps(loads: PageLoad[]): string {
  const median = (pick: (l: PageLoad) => number | undefined): string => {
    const values = loads.map(pick).filter((v): v is number => v !== undefined);
    return values.length === 0 ? '–' : pct(values, 50).toFixed(0);
  };
  return [
    `dokument ${median((l) => l.responseEnd)}`,
    `JS körd (DOMContentLoaded) ${median((l) => l.domContentLoaded)}`,
    `sidans bit (ContactsPage) ${median((l) => resource(l, /\/ContactsPage-[^/]*\.js$/)?.responseEnd)}`,
    `/api/auth/me ${median((l) => resource(l, /\/api\/auth\/me$/)?.startTime)}→${median((l) => resource(l, /\/api\/auth\/me$/)?.responseEnd)}`,
    `/api/contacts ${median((l) => resource(l, /\/api\/contacts\?/)?.startTime)}→${median((l) => resource(l, /\/api\/contacts\?/)?.responseEnd)}`,
    `sidan i DOM ${median((l) => l.marks.main ?? undefined)}`,
    `rader i DOM ${median((l) => l.marks.rows ?? undefined)}`,
    `ritad ${median((l) => l.marks.rowsFrame ?? undefined)}`,
  ].join(' · ');
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
}

/**
 * One navigation under a Chromium trace: its wall time to `until` (as navigate() measures it) and the CPU time
 * the page's main thread spent in that span (the thread time of its top-level tasks, µs in the trace). The span
 * ends at the page's own performance.mark of `until` (in the trace too, with its thread) and is as long as the
 * mark's time from navigation start.
 */
async function tracedNavigation(
  browser: Browser,
  page: Page,
  url: string,
  until: 'rowsFrame' | 'mainFrame',
  saveAs?: string,
): Promise<{ wall: number; cpu: number }> {
  await page.goto('about:blank');
  await browser.startTracing(page, {
    categories: ['blink.user_timing', 'disabled-by-default-devtools.timeline'],
  });
  let load: PageLoad;
  let trace: Buffer;
  try {
    load = await navigate(page, url, until);
  } finally {
    trace = await browser.stopTracing();
  }
  if (saveAs) await writeFile(saveAs, trace);
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mark = events.filter((e) => e.name === `bench:${until}`).pop();
  if (!mark) throw new Error(`Märket bench:${until} saknas i spårningen av ${url}`);
  const wall = load.marks[until]!;
  const start = mark.ts - wall * 1000;
  const tasks = events
    .filter(
      (e) =>
        e.ph === 'X' &&
        e.name === 'RunTask' &&
        e.pid === mark.pid &&
        e.tid === mark.tid &&
        e.ts >= start &&
        e.ts < mark.ts,
    )
    .sort((a, b) => a.ts - b.ts);
  let cpu = 0;
  let busyUntil = 0;
  for (const task of tasks) {
    if (task.ts < busyUntil) continue; // a task run inside another (a nested loop) is in its thread time already
    busyUntil = task.ts + (task.dur ?? 0);
    cpu += task.tdur ?? 0;
  }
  return { wall, cpu: cpu / 1000 };
}

function requestTimes(loads: PageLoad[], match: RegExp): number[] {
  return loads
    .map((l) => resource(l, match))
    .filter((r): r is PageTiming => r !== undefined)
    .map((r) => r.responseEnd - r.startTime);
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const contacts = Number(process.env.CONTACTS ?? 100_000);
  const navigations = Number(process.env.NAVIGATIONS ?? 10);
  const searches = Number(process.env.SEARCHES ?? 10);
  const apiCalls = Number(process.env.API_CALLS ?? 20);
  const traces = Number(process.env.TRACES ?? 3);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `crmbench${randomBytes(4).toString('hex')}`;
  console.log(`Start: ${load()}`);

  console.log('Webbappen (scripts/build-web.mjs, NODE_ENV=production):');
  buildWebApp();
  reportBundle(analyseBundle());

  const db = await createBenchDatabase();
  let app: INestApplication | undefined;
  let browser: Browser | undefined;
  try {
    const s0 = process.hrtime.bigint();
    await seed(db.dataSource, contacts);
    console.log(
      `Förberedelse: ${contacts} kontakter (20 organisationer, 21 regioner) på ` +
        `${(Number(process.hrtime.bigint() - s0) / 1e9).toFixed(1)} s (ingår inte i mätningen)`,
    );

    const started = await startBenchApi({
      databaseUrl: db.url,
      redisUrl,
      queuePrefix: prefix,
      env: { WEB_DIST_DIR: WEB_DIST },
    });
    app = started.app;
    const { base, cookie } = started;
    const equals = cookie.indexOf('=');
    const get = async (url: string): Promise<void> => {
      const res = await fetch(url.startsWith('http') ? url : `${base}${url}`, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    // The API's plans, pools and JIT warm before the first (cold) navigation; the browser's caches stay cold.
    for (let i = 0; i < 3; i++) {
      await get('/api/auth/me');
      await get('/api/contacts?sort=name&order=asc&limit=50');
      await get(`/api/contacts?q=${SEARCH_TEXT}&sort=name&order=asc&limit=50`);
    }

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox'],
    });
    const openContext = async (): Promise<BrowserContext> => {
      const context = await browser!.newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'sv-SE',
        timezoneId: 'Europe/Stockholm',
      });
      await context.addCookies([
        { name: cookie.slice(0, equals), value: cookie.slice(equals + 1), url: base },
      ]);
      await context.addInitScript(watchPage);
      return context;
    };
    // Two contexts (each its own cache): the baseline's and the contacts page's, navigated in turn.
    const baselinePage = await (await openContext()).newPage();
    const contactsPage = await (await openContext()).newPage();
    const baselineUrl = `${base}/baslinje-sida-utan-data`;
    const contactsUrl = `${base}/kontakter`;
    const baselineCold = await navigate(baselinePage, baselineUrl, 'mainFrame');
    const contactsCold = await navigate(contactsPage, contactsUrl, 'rowsFrame');
    const baselineWarm: PageLoad[] = [];
    const contactsWarm: PageLoad[] = [];
    for (let i = 0; i < navigations; i++) {
      baselineWarm.push(await navigate(baselinePage, baselineUrl, 'mainFrame'));
      contactsWarm.push(await navigate(contactsPage, contactsUrl, 'rowsFrame'));
    }
    console.log(
      `Sidladdning i Chromium (headless, 1280×800), ms från navigeringens start till att första bildrutan med ` +
        `innehållet är ritad (performance.now() i sidan); 1 kall + ${navigations} varma navigeringar var, i tur och ordning; ${load()}:`,
    );
    const coldRows = contactsCold.marks.rowsFrame!;
    console.log(
      `  ${'kall (tom cache): baslinje'.padEnd(40)} ${baselineCold.marks.mainFrame!.toFixed(1).padStart(7)} ms`,
    );
    console.log(
      `  ${'kall (tom cache): kontakter, rader'.padEnd(40)} ${coldRows.toFixed(1).padStart(7)} ms${verdict(coldRows, FIRST_ROWS_TARGET_MS, 'ms')}`,
    );
    console.log(
      line(
        'baslinje: sida utan data (skal+session)',
        baselineWarm.map((l) => l.marks.mainFrame!),
      ),
    );
    console.log(
      line(
        'kontakter: sidan (utan rader än)',
        contactsWarm.map((l) => l.marks.mainFrame!),
      ),
    );
    console.log(
      line(
        `kontakter: första raderna (${contacts})`,
        contactsWarm.map((l) => l.marks.rowsFrame!),
        FIRST_ROWS_TARGET_MS,
      ),
    );
    console.log(`  delsteg, kall (ms): ${steps([contactsCold])}`);
    console.log(`  delsteg, varma p50 (ms): ${steps(contactsWarm)}`);
    if (process.env.PROFILE) {
      const cdp = await contactsPage.context().newCDPSession(contactsPage);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      await navigate(contactsPage, contactsUrl, 'rowsFrame');
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach();
      const file = resolve(process.env.PROFILE);
      await writeFile(file, JSON.stringify(profile));
      console.log(`  CPU-profil (Chromiums huvudtråd, en varm navigering till kontakterna): ${file}`);
    }

    const cpu = { baseline: [] as number[], contacts: [] as number[] };
    const traced = { baseline: [] as number[], contacts: [] as number[] };
    for (let i = 0; i < traces; i++) {
      const dir = process.env.TRACE_DIR ? resolve(process.env.TRACE_DIR) : undefined;
      const b = await tracedNavigation(
        browser,
        baselinePage,
        baselineUrl,
        'mainFrame',
        dir && join(dir, `baslinje-${i + 1}.json`),
      );
      const c = await tracedNavigation(
        browser,
        contactsPage,
        contactsUrl,
        'rowsFrame',
        dir && join(dir, `kontakter-${i + 1}.json`),
      );
      cpu.baseline.push(b.cpu);
      traced.baseline.push(b.wall);
      cpu.contacts.push(c.cpu);
      traced.contacts.push(c.wall);
    }
    console.log(
      `  CPU-tid i sidans huvudtråd fram till samma ögonblick (spårning av ${traces} navigeringar till, varma; ` +
        'mindre beroende av belastningen än väggtiden):',
    );
    const cpuLine = (name: string, times: number[], walls: number[]) =>
      `  ${name.padEnd(40)} p50 ${pct(times, 50).toFixed(1).padStart(7)} ms   max ${Math.max(...times)
        .toFixed(1)
        .padStart(7)} ms   (väggtid p50 ${pct(walls, 50).toFixed(1)} ms)`;
    console.log(cpuLine('  baslinje: sida utan data', cpu.baseline, traced.baseline));
    console.log(cpuLine('  kontakter: första raderna', cpu.contacts, traced.contacts));

    const searched: number[] = [];
    const searchLoads: PageLoad[] = [];
    for (let i = 0; i < searches; i++) {
      const { ms, load: l } = await search(contactsPage, base);
      searched.push(ms);
      searchLoads.push(l);
    }
    console.log(
      `Sökning på kontaktsidan: "${SEARCH_TEXT}" skrivs i sökrutan (ny navigering var gång), ms från sista ` +
        `tangenten till att första bildrutan med bara ${SEARCH_EXPECT}s rader (sidans 300 ms fördröjning ingår); ${load()}:`,
    );
    console.log(line(`sök "${SEARCH_TEXT}" (${searches} st)`, searched));
    console.log(
      line(
        `  därav frågan i sidan (q=${SEARCH_TEXT})`,
        requestTimes(searchLoads, new RegExp(`/api/contacts\\?.*q=${SEARCH_TEXT}`)),
      ),
    );

    // The list request as the page made it, over HTTP from here; and the session check beside it.
    const listUrl = resource(contactsWarm[0], /\/api\/contacts\?/)?.name;
    const searchUrl = resource(searchLoads[0], new RegExp(`/api/contacts\\?.*q=${SEARCH_TEXT}`))?.name;
    if (!listUrl || !searchUrl)
      throw new Error('Sidan frågade inte /api/contacts (eller så syntes det inte)');
    const timed = async (url: string): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < apiCalls; i++) {
        const t0 = process.hrtime.bigint();
        await get(url);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      return times;
    };
    const path = (url: string) => url.slice(base.length);
    console.log(`Listfrågan över HTTP (fetch med sessionskakan, ${apiCalls} anrop var; ${load()}):`);
    console.log(line('baslinje GET /api/auth/me', await timed('/api/auth/me')));
    console.log(line(`GET ${path(listUrl)}`, await timed(listUrl)));
    console.log(line(`GET ${path(searchUrl)}`, await timed(searchUrl)));
    console.log(
      line('  samma lista i sidan (resurstid, varma)', requestTimes(contactsWarm, /\/api\/contacts\?/)),
    );
  } finally {
    await browser?.close();
    await app?.close();
    await db.drop();
    const redis = new IORedis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
