import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FRONTEND_INDEX = join(REPO_ROOT, 'frontend', 'dist', 'index.html');
/** Screenshots for people to look at (gitignored). */
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');

/** Fails with the fix when a prerequisite of the browser tests is missing, instead of skipping them. */
export function assertBrowserPrerequisites(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's build with \`apt-get update && apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
  }
  if (!existsSync(FRONTEND_INDEX)) {
    throw new Error('The dashboard is not built: run `npm run build -w frontend` before the end-to-end tests (the root `npm test` does)');
  }
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, on a fresh profile that is deleted afterwards; no browser download. */
export async function launchBrowser(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'newsdesk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
