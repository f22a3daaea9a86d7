import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
// axe-core's browser bundle, read once; it runs inside the page under test.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0/2.1/2.2 A and AA rules: what "contrast passes WCAG AA" and the rest of AA mean. */
const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BLOCKING = new Set(['serious', 'critical']);

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  /** One CSS selector and the failure summary per offending element. */
  nodes: string[];
}

interface AxeResultsInPage {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
}

/**
 * Runs axe-core in the page as it is now (Playwright evaluates through the DevTools protocol, so the
 * dashboard's CSP, which forbids inline scripts, does not have to be loosened) and returns the
 * serious and critical WCAG A/AA violations, readable enough to fix from a failing assertion.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async (tags) => {
    const { axe, document } = globalThis as unknown as { axe: { run(context: unknown, options: object): Promise<unknown> }; document: unknown };
    return (await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })) as AxeResultsInPage;
  }, WCAG_AA_TAGS);
  return results.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.map(String).join(' ')} :: ${(node.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300)}`),
    }));
}
