import { jest } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import type { Page } from 'playwright-core';
import { connectDatabase } from '../database.js';
import { createUser, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';

jest.setTimeout(90_000);

/**
 * Another site's page in a real Chromium tries to act on the dashboard: sign the browser into the
 * attacker's account (login CSRF) with the forms a page can send without CORS, and write with the
 * victim's cookie from a page on the same site. The dashboard lives at 127.0.0.1; `localhost` is
 * another site, and 127.0.0.1 on another port is the same site (cookies are shared across ports).
 */
describe('cross-site requests from a real browser', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let browser: Browser;
  let page: Page;
  let attacker: TestUser;
  let victim: TestUser;
  let evil: http.Server;
  const pages = new Map<string, string>();

  beforeAll(async () => {
    assertBrowserPrerequisites();
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    attacker = await createUser(testApp, 'agent', { name: 'Mallory' });
    victim = await createUser(testApp, 'admin', { name: 'Victor Victim' });
    evil = http.createServer((request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(pages.get(request.url ?? '') ?? '<p>nothing here</p>');
    });
    // Both stacks, so http://localhost:port reaches it whichever address Chromium picks.
    await new Promise<void>((resolve) => evil.listen(0, resolve));
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await testApp?.close();
    await new Promise((resolve) => evil?.close(resolve));
  });

  const evilPort = () => (evil.address() as AddressInfo).port;
  const sessionCount = async (userId: string) =>
    (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM sessions WHERE user_id = $1', [userId])).rows[0].count;
  const sessionCookies = async () => (await browser.context.cookies(testApp.baseUrl)).filter((cookie) => cookie.name.includes('nd_session'));
  const autoSubmit = (enctype: string, fields: string) => `<!doctype html><form method="post" action="${testApp.baseUrl}/api/auth/login" enctype="${enctype}">${fields}</form><script>document.forms[0].submit()</script>`;

  /**
   * Opens an attacker page and returns the status of the request it sends to `path`, read at the
   * protocol level: Chromium hides a cross-origin answer from the page (and blocks ours by CORP).
   * The DevTools protocol may deliver a response's extra-info event before the request's own event,
   * so both are kept by request id and matched whichever comes first; a deadline turns a lost event
   * into a failure that says so instead of a hung test.
   */
  async function attackFrom(origin: string, name: string, html: string, path: string): Promise<number> {
    pages.set(`/${name}`, html);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    const ours = new Set<string>();
    const statuses = new Map<string, number>();
    let settle: (status: number) => void = () => {};
    const answered = new Promise<number>((resolve) => (settle = resolve));
    const match = (requestId: string) => {
      const status = statuses.get(requestId);
      if (ours.has(requestId) && status !== undefined) settle(status);
    };
    cdp.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string } }) => {
      if (!event.request.url.startsWith(`${testApp.baseUrl}${path}`)) return;
      ours.add(event.requestId);
      match(event.requestId);
    });
    cdp.on('Network.responseReceivedExtraInfo', (event: { requestId: string; statusCode: number }) => {
      statuses.set(event.requestId, event.statusCode);
      match(event.requestId);
    });
    // The main response event carries the same status when Chromium lets it through; either will do.
    cdp.on('Network.responseReceived', (event: { requestId: string; response: { status: number } }) => {
      if (!statuses.has(event.requestId)) statuses.set(event.requestId, event.response.status);
      match(event.requestId);
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to ${path} seen from ${origin}/${name} within 30 s (requests seen: ${ours.size})`)), 30_000);
    });
    try {
      await page.goto(`${origin}/${name}`);
      return await Promise.race([answered, deadline]);
    } finally {
      clearTimeout(timer);
      await cdp.detach();
    }
  }

  it('refuses a url-encoded login form posted from another site, and the browser gets no session', async () => {
    const fields = `<input name="email" value="${attacker.email}"><input name="password" value="${attacker.password}">`;
    const status = await attackFrom(`http://localhost:${evilPort()}`, 'login-form', autoSubmit('application/x-www-form-urlencoded', fields), '/api/auth/login');

    expect(status).toBe(403);
    expect(await sessionCount(attacker.id)).toBe(0);
    expect(await sessionCookies()).toEqual([]);
  });

  it('refuses the text/plain form that spells out a JSON body', async () => {
    const json = `{"email":"${attacker.email}","password":"${attacker.password}","x":"`;
    const fields = `<input name='${json}' value='"}'>`;
    const status = await attackFrom(`http://localhost:${evilPort()}`, 'login-text', autoSubmit('text/plain', fields), '/api/auth/login');

    expect(status).toBe(403);
    expect(await sessionCount(attacker.id)).toBe(0);
    expect(await sessionCookies()).toEqual([]);
  });

  it("refuses a write carrying the victim's cookie from a page on the same site, and nothing is created", async () => {
    // The victim signs in to the dashboard in this browser.
    await page.goto(`${testApp.baseUrl}/`);
    await page.getByLabel('Email').fill(victim.email);
    await page.getByLabel('Password').fill(victim.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    expect(await sessionCount(victim.id)).toBe(1);

    // A page on 127.0.0.1 at another port: same site, so the Lax cookie goes along with a simple POST.
    const html = `<!doctype html><script>fetch(${JSON.stringify(`${testApp.baseUrl}/api/auth/tokens`)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{"name":"backdoor"}' })</script>`;
    const status = await attackFrom(`http://127.0.0.1:${evilPort()}`, 'same-site-write', html, '/api/auth/tokens');

    expect(status).toBe(403);
    expect((await db.query('SELECT 1 FROM api_tokens WHERE user_id = $1', [victim.id])).rowCount).toBe(0);
    // The victim's own dashboard still works.
    await page.goto(`${testApp.baseUrl}/`);
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
  });
});
