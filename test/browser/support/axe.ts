import axe from 'axe-core';
import type { AxeResults, ImpactValue, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

/** WCAG 2.1 level A and AA (2.0's rules are tagged wcag2a/wcag2aa, 2.1's additions wcag21a/wcag21aa). */
export const WCAG21_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const BLOCKING: ImpactValue[] = ['serious', 'critical'];

/**
 * Runs axe-core in the page against WCAG 2.1 A/AA and returns the violations of impact serious or critical.
 * axe.source is put in through the DevTools protocol (page.evaluate), not a <script> tag, so the page's own
 * strict Content-Security-Policy stays as served. Once per page, only when asked: as an init script for every
 * page it would cost more (each document compiles it again). Needs JavaScript enabled in the context.
 */
export async function seriousViolations(page: Page): Promise<Result[]> {
  const present = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!present) await page.evaluate(axe.source);
  const options: RunOptions = {
    runOnly: { type: 'tag', values: WCAG21_AA_TAGS },
    resultTypes: ['violations'],
  };
  const results = await page.evaluate(async (runOptions) => {
    const inPage = globalThis as unknown as {
      axe: { run(context: unknown, options: RunOptions): Promise<AxeResults> };
      document: unknown;
    };
    return inPage.axe.run(inPage.document, runOptions);
  }, options);
  return results.violations.filter((v) => v.impact && BLOCKING.includes(v.impact));
}

/** One readable block per rule: id, impact, what it checks, and the selectors of the elements that break it. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((v) => {
      const targets = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary ?? ''}`);
      return `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${targets.join('\n')}`;
    })
    .join('\n');
}

/** Fails with the list of serious and critical WCAG 2.1 AA violations, naming the page, if there are any. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  if (violations.length > 0) {
    throw new Error(
      `${what} (${page.url().replace(/\/([urvh])\/[^/?#]+/, '/$1/…')}): ${violations.length} allvarliga ` +
        `WCAG 2.1 AA-fel enligt axe-core:\n${describeViolations(violations)}`,
    );
  }
}

/**
 * Touch targets smaller than 44 × 44 CSS pixels (WCAG 2.5.5): buttons, links, text fields, and the labels that
 * carry radio buttons and checkboxes (the whole label is the target). Returned as `<tag> "text" (w×h)`; one
 * round trip to the page.
 */
export function smallTouchTargets(page: Page): Promise<string[]> {
  return page
    .locator(
      'button, a[href], input:not([type=radio]):not([type=checkbox]):not([type=hidden]), textarea, select, ' +
        'label:has(input[type=radio]), label:has(input[type=checkbox])',
    )
    .evaluateAll((elements) => {
      type Shown = {
        tagName: string;
        textContent: string | null;
        getBoundingClientRect(): { width: number; height: number };
      };
      return (elements as unknown as Shown[]).flatMap((e) => {
        const { width, height } = e.getBoundingClientRect();
        if ((width === 0 && height === 0) || (width >= 44 && height >= 44)) return [];
        const text = (e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        return [`<${e.tagName.toLowerCase()}> "${text}" (${Math.round(width)}×${Math.round(height)})`];
      });
    });
}
