import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); never a browser downloaded by Playwright. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const INSTALL_HINT =
  'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-dejavu-core';

export type Viewport = 'phone' | 'desktop';

/** The two sizes every public page is looked at in: a desktop window and a phone held upright. */
export const VIEWPORTS: Record<Viewport, BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

let warned = false;

/**
 * `describe` for browser tests. Without Chromium at CHROMIUM_PATH: under CI (CI set) the file fails with a test
 * that says how to install it; elsewhere the tests are skipped with one warning line, so `npm test` on a
 * developer machine without Chromium still runs the rest.
 */
export function describeInBrowser(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, fn);
    return;
  }
  const missing = `Chromium saknas (${CHROMIUM_PATH}); installera: ${INSTALL_HINT}`;
  const ci = process.env.CI;
  if (ci && ci !== 'false' && ci !== '0') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`${missing}. CI=${ci}: webbläsartesterna får inte hoppas över här.`);
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    // One line straight to stderr: Jest's console.warn would add a stack trace.
    process.stderr.write(`\n!!! WEBBLÄSARTESTER HOPPAS ÖVER: ${missing}\n`);
  }
  describe.skip(name, fn);
}

/** Headless Debian Chromium. As root (CI, containers) Chromium's sandbox cannot start, hence --no-sandbox. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

/** A fresh context (own cookies) at one of the two sizes, Swedish, Stockholm time; extra options on top. */
export function newContext(
  browser: Browser,
  viewport: Viewport,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    ...VIEWPORTS[viewport],
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    ...options,
  });
}

const SCREENSHOT_ROOT = join(__dirname, '..', '..', '..', 'test-output', 'screenshots');

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'sida'
  );
}

/**
 * A full-page PNG at test-output/screenshots/<test>/<name>-<viewport>.png, <test> being the test file's name
 * (public-pages for public-pages.e2e-spec.ts) unless given. Returns the path.
 */
export async function screenshot(
  page: Page,
  name: string,
  viewport: Viewport,
  test?: string,
): Promise<string> {
  const group = test ?? basename(expect.getState().testPath ?? 'browser').replace(/\.e2e-spec\.ts$/, '');
  const dir = join(SCREENSHOT_ROOT, slug(group));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${slug(name)}-${viewport}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
