import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { controlClock, totpCode } from '../two-factor.js';
import { artifactPath, assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';

jest.setTimeout(90_000);

/** Two-factor sign-in in Debian's Chromium: forced setup for a manager, then both sign-in paths. */
describe('two-factor sign-in end to end', () => {
  let testApp: TestApp;
  let browser: Browser;
  let page: Page;
  let manager: TestUser;
  let clock: ReturnType<typeof controlClock>;
  let secret = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    assertBrowserPrerequisites();
    testApp = await createTestApp({ AUTH_REQUIRE_TOTP_ROLES: 'admin,manager' });
    clock = controlClock(testApp);
    manager = await createUser(testApp, 'manager', { name: 'Mia Manager' });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  const signInWithPassword = async () => {
    await page.goto(`${testApp.baseUrl}/`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel('Email').fill(manager.email);
    await page.getByLabel('Password').fill(manager.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin/);
  };

  it('leads a manager without TOTP to set it up, and the API refuses everything else meanwhile', async () => {
    await signInWithPassword();
    await page.getByRole('heading', { name: 'Set up two-factor sign-in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/two-factor/setup');
    const status = await page.evaluate(async () => (await fetch('/api/tickets')).status);
    expect(status).toBe(403);

    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const key = page.locator('p', { hasText: 'Key:' }).locator('code');
    await key.waitFor();
    secret = (await key.innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.screenshot({ path: artifactPath('two-factor-setup.png'), fullPage: true });

    await page.getByLabel('Code the app shows').fill(totpCode(secret, clock.now()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const list = page.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    recoveryCodes = await list.locator('code').allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);

    await page.getByRole('button', { name: 'I have saved the codes' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/tickets')).status)).toBe(200);
    await signOut();
  });

  it('signs in with the password and then the code from the app', async () => {
    clock.advance(30_000);
    await signInWithPassword();
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    // Between the steps there is no session.
    expect(await page.evaluate(async () => (await fetch('/api/auth/session')).status)).toBe(401);
    await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, clock.now()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await signOut();
  });

  it('signs in with a recovery code, which then no longer works', async () => {
    await signInWithPassword();
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await signOut();

    await signInWithPassword();
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'already used' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/auth/session')).status)).toBe(401);
  });
});
