import { jest } from '@jest/globals';
import type { OutletDetailDto, TicketDetailDto } from '@newsdesk/shared';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { connectDatabase } from '../database.js';
import { createUser, type TestUser } from '../factories.js';
import { HttpClient } from '../http-client.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { artifactPath, assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';

jest.setTimeout(180_000);

const MINUTE = 60_000;

/**
 * First-response targets as a press officer and a manager see them, in Debian's Chromium against
 * the real server: the queue flags a ticket near its target (amber) and one past it (red, in
 * words), the ticket says so, and the metrics page counts the miss and lists it one click away.
 */
describe('response targets end to end', () => {
  let testApp: TestApp;
  let browser: Browser;
  let page: Page;
  let db: pg.Client;
  let admin: TestUser;
  let officer: TestUser;
  let adminApi: HttpClient;

  beforeAll(async () => {
    assertBrowserPrerequisites();
    testApp = await createTestApp({ OFFICE_TIMEZONE: 'Europe/London' });
    db = await connectDatabase(testApp);
    admin = await createUser(testApp, 'admin', { name: 'Ada Admin' });
    officer = await createUser(testApp, 'agent', { name: 'Olu Officer' });
    adminApi = new HttpClient(testApp.baseUrl);
    await adminApi.login(admin.email, admin.password);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await testApp?.close();
  });

  async function signIn(user: TestUser) {
    await page.goto(`${testApp.baseUrl}/`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
  }

  /** A call logged now, then dated back so its 30-minute target falls due `dueInMinutes` from now. */
  async function inquiry(subject: string, outletId: string, dueInMinutes: number): Promise<TicketDetailDto> {
    const created = await adminApi.post<TicketDetailDto>('/api/tickets', { channel: 'phone', subject, text: 'Phone call.', outletId, requestType: 'comment', assigneeId: officer.id });
    expect(created.status).toBe(201);
    await db.query(`UPDATE tickets SET created_at = $2 WHERE id = $1`, [created.body.id, new Date(Date.now() + (dueInMinutes - 30) * MINUTE)]);
    return created.body;
  }

  it('flags tickets near and past their target in the queue, on the ticket, and lists the miss on the metrics page', async () => {
    expect((await adminApi.post('/api/response-targets', { tier: 'national', minutes: 30 })).status).toBe(201);
    expect((await adminApi.post('/api/response-targets', { minutes: 240 })).status).toBe(201);
    const outlet = (await adminApi.post<OutletDetailDto>('/api/outlets', { name: 'The National Post', domains: ['nationalpost.example'], tier: 'national' })).body;
    const near = await inquiry('Rail strike: minister comment', outlet.id, 12);
    const missed = await inquiry('Hospital waiting lists: figures', outlet.id, -8);
    await inquiry('Budget leak: background', outlet.id, 25);

    await signIn(admin);
    const row = (subject: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: subject }) });
    await row(near.subject).getByText(/^Target in 1[12] min$/).waitFor();
    expect(await row(near.subject).locator('time[data-state]').getAttribute('data-state')).toBe('near');
    const missedBadge = row(missed.subject).locator('time[data-state]');
    expect(await missedBadge.textContent()).toMatch(/^⚠ Target missed (8|9) min$/);
    expect(await missedBadge.getAttribute('data-state')).toBe('missed');
    expect(await row('Budget leak: background').locator('time[data-state]').getAttribute('data-state')).toBe('ahead');
    await page.screenshot({ path: artifactPath('targets-queue-1280.png'), fullPage: true });

    await row(missed.subject).getByRole('link').click();
    await page.getByRole('heading', { name: missed.subject }).waitFor();
    expect(await page.locator('main header time[data-state]').textContent()).toMatch(/Target missed (8|9) min/);

    await page.goto(`${testApp.baseUrl}/metrics`);
    await page.getByRole('heading', { name: 'First-response targets' }).waitFor();
    const missedRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Olu Officer' }) });
    await missedRow.getByRole('button', { name: /1 missed: show the breaches/ }).click();
    const breaches = page.getByTestId('target-breaches');
    await breaches.getByRole('heading', { name: /Missed targets · Olu Officer/ }).waitFor();
    const breachRow = breaches.getByRole('row').filter({ has: page.getByRole('rowheader', { name: missed.subject }) });
    expect(await breachRow.textContent()).toMatch(/Olu Officer.*The National Post · national.*30 min.*(8|9) min · still unanswered/);
    await page.getByRole('region', { name: 'First-response targets' }).screenshot({ path: artifactPath('targets-metrics-breaches-1280.png') });
  });
});
