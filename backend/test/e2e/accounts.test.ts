import { jest } from '@jest/globals';
import type pg from 'pg';
import type { Page } from 'playwright-core';
import { connectDatabase } from '../database.js';
import { createUser, type TestUser } from '../factories.js';
import { HttpClient } from '../http-client.js';
import { waitFor } from '../mail.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { controlClock, enrolTotp } from '../two-factor.js';
import { artifactPath, assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';

jest.setTimeout(120_000);

const NEW_PASSWORD = 'lantern orchard pebble quietly';

/** Accounts without an admin's help, in Debian's Chromium: own name and password, "forgot password" by mail, and the admin's unlock and two-factor reset. */
describe('accounts end to end', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let browser: Browser;
  let page: Page;
  let clock: ReturnType<typeof controlClock>;

  beforeAll(async () => {
    assertBrowserPrerequisites();
    testApp = await createTestApp({ LOGIN_MAX_ATTEMPTS: '3' });
    db = await connectDatabase(testApp);
    clock = controlClock(testApp);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await testApp?.close();
  });

  const signIn = async (email: string, password: string) => {
    await page.goto(`${testApp.baseUrl}/signin`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin/);
  };
  /** The link in the newest reset mail the outbox holds for this address. */
  const mailedLink = (email: string) =>
    waitFor(async () => {
      const { rows } = await db.query<{ text: string }>(
        `SELECT text FROM outbound_messages WHERE subject = 'Newsdesk: choose a new password' AND to_addresses->0->>'address' = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
        [email],
      );
      return rows[0] && /https?:\/\/\S+\/reset-password#token=[A-Za-z0-9_-]+/.exec(rows[0].text)?.[0];
    }, `the reset mail to ${email}`);

  it('lets a press officer change their own name and password on the profile', async () => {
    const officer = await createUser(testApp, 'agent', { name: 'Ana Agent' });
    await signIn(officer.email, officer.password);
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.getByRole('link', { name: 'Ana Agent' }).click();
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();

    await page.getByLabel('Name', { exact: true }).fill('Ana María Agent');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByLabel('Current password').fill(officer.password);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
    await page.screenshot({ path: artifactPath('accounts-profile-name-and-password.png'), fullPage: true });

    await signOut();
    await signIn(officer.email, NEW_PASSWORD);
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.getByRole('link', { name: 'Ana María Agent' }).waitFor();
    await signOut();
  });

  it('resets a forgotten password by the emailed link, ending the sessions the account had', async () => {
    const officer = await createUser(testApp, 'agent', { name: 'Sam Press' });
    // Signed in elsewhere (a phone left in a taxi): that session must end.
    const elsewhere = new HttpClient(testApp.baseUrl);
    expect((await elsewhere.login(officer.email, officer.password)).status).toBe(200);

    await page.goto(`${testApp.baseUrl}/signin`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByLabel('Email').fill(officer.email);
    await page.screenshot({ path: artifactPath('accounts-forgot-password.png'), fullPage: true });
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('status').filter({ hasText: 'a link to choose a new password is on its way' }).waitFor();
    await page.screenshot({ path: artifactPath('accounts-forgot-password-sent.png'), fullPage: true });

    const link = await mailedLink(officer.email);
    expect(link.startsWith(`${testApp.config.publicUrl}/reset-password#token=`)).toBe(true);
    await page.goto(link.replace(testApp.config.publicUrl, testApp.baseUrl));
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    // The token leaves the address bar once the page has read it.
    await page.waitForURL((url) => url.pathname === '/reset-password' && url.hash === '');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.screenshot({ path: artifactPath('accounts-reset-password.png'), fullPage: true });
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
    await page.screenshot({ path: artifactPath('accounts-reset-password-done.png'), fullPage: true });
    // No session came with the reset.
    expect(await page.evaluate(async () => (await fetch('/api/auth/session')).status)).toBe(401);
    expect((await elsewhere.get('/api/auth/session')).status).toBe(401);

    // The same link a second time is refused (a fresh load, as when the mail is clicked again).
    await page.goto('about:blank');
    await page.goto(link.replace(testApp.config.publicUrl, testApp.baseUrl));
    await page.getByLabel('New password', { exact: true }).fill('another fine password for me');
    await page.getByLabel('New password again').fill('another fine password for me');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('alert').filter({ hasText: 'already used' }).waitFor();
    await page.screenshot({ path: artifactPath('accounts-reset-link-used.png'), fullPage: true });

    await page.getByRole('link', { name: 'Ask for a new link' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await signIn(officer.email, NEW_PASSWORD);
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await signOut();
  });

  it('still asks a user with two-factor for the code after a reset', async () => {
    const officer = await createUser(testApp, 'agent', { name: 'Tom Totp' });
    const api = new HttpClient(testApp.baseUrl);
    await api.login(officer.email, officer.password);
    await enrolTotp(api, clock.now());

    await page.goto(`${testApp.baseUrl}/forgot-password`);
    await page.getByLabel('Email').fill(officer.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('status').waitFor();
    await page.goto((await mailedLink(officer.email)).replace(testApp.config.publicUrl, testApp.baseUrl));
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('status').filter({ hasText: 'you will still be asked for your code' }).waitFor();

    await signIn(officer.email, NEW_PASSWORD);
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/auth/session')).status)).toBe(401);
    await page.screenshot({ path: artifactPath('accounts-reset-then-second-factor.png'), fullPage: true });
  });

  it("lets an admin unlock a locked account and reset a colleague's two-factor after confirming", async () => {
    const admin = await createUser(testApp, 'admin', { name: 'Ada Admin' });
    const locked: TestUser = await createUser(testApp, 'agent', { name: 'Lou Locked' });
    const lockedApi = new HttpClient(testApp.baseUrl);
    await lockedApi.login(locked.email, locked.password);
    await enrolTotp(lockedApi, clock.now());
    for (let i = 0; i < 3; i += 1) await new HttpClient(testApp.baseUrl).post('/api/auth/login', { email: locked.email, password: 'wrong guess here' });
    expect((await new HttpClient(testApp.baseUrl).post('/api/auth/login', { email: locked.email, password: locked.password })).status).toBe(429);

    await signIn(admin.email, admin.password);
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.goto(`${testApp.baseUrl}/admin/users`);
    await page.getByRole('button', { name: 'Sign-ins of Lou Locked' }).click();
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('status').filter({ hasText: 'Unlocked. Lou Locked can sign in again now.' }).waitFor();
    const unlocked = await new HttpClient(testApp.baseUrl).post('/api/auth/login', { email: locked.email, password: locked.password });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.secondFactorRequired).toBe(true);

    await page.getByRole('button', { name: 'Reset two-factor…' }).click();
    await page.getByRole('group', { name: 'Confirm two-factor reset' }).waitFor();
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('accounts-admin-unlock-and-two-factor-confirm.png'), fullPage: true });
    await page.getByRole('button', { name: 'Yes, reset two-factor' }).click();
    await page.getByRole('status').filter({ hasText: 'Two-factor sign-in of Lou Locked is reset.' }).waitFor();
    await page.screenshot({ path: artifactPath('accounts-admin-two-factor-reset.png'), fullPage: true });
    const after = await new HttpClient(testApp.baseUrl).post('/api/auth/login', { email: locked.email, password: locked.password });
    expect(after.status).toBe(200);
    expect(after.body.secondFactorRequired).toBeUndefined();
  });
});
