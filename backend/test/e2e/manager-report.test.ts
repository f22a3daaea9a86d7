import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { connectDatabase } from '../database.js';
import { createUser, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { seriousAxeViolations } from './axe.js';
import { artifactPath, assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';

jest.setTimeout(120_000);

const ATTACK_NAME = '<img src=x onerror=alert(1)>';

/**
 * The manager's report in Debian's Chromium: a year of history ending today (inserted directly,
 * three inquiries a day with deadlines met, answered late or unanswered), the metrics page with
 * each figure against the period before, the misses one click from the hit rate, the 13-month
 * trend, and the digest preview in its sandboxed frame. A journalist's name is an attack.
 */
describe('manager report end to end', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let browser: Browser;
  let page: Page;
  let manager: TestUser;
  const dialogs: string[] = [];

  beforeAll(async () => {
    assertBrowserPrerequisites();
    testApp = await createTestApp({ METRICS_REFRESH_SECONDS: '0' });
    db = await connectDatabase(testApp);
    manager = await createUser(testApp, 'manager', { name: 'Mo Manager' });
    const officers = [];
    for (const name of ['Ana Officer', 'Ben Officer', 'Cleo Officer']) officers.push((await createUser(testApp, 'agent', { name })).id);
    const outlets = [];
    for (const [name, tier] of [['National Daily', 'national'], ['Local Courier', 'local'], ['Trade Weekly', 'trade']]) {
      outlets.push((await db.query(`INSERT INTO outlets (name, tier) VALUES ($1, $2) RETURNING id`, [name, tier])).rows[0].id as string);
    }
    const journalists = [];
    for (const [name, email, outlet] of [
      [ATTACK_NAME, 'evil@attacker.example', outlets[0]],
      ['Lou Local', 'lou@courier.example', outlets[1]],
      ['Tam Trade', 'tam@trade.example', outlets[2]],
    ]) {
      journalists.push((await db.query(`INSERT INTO journalists (name, email, outlet_id) VALUES ($1, $2, $3) RETURNING id`, [name, email, outlet])).rows[0].id as string);
    }
    // Three inquiries a day for 400 days; in recent weeks more deadlines are missed than a month ago.
    await db.query(
      `INSERT INTO tickets (subject, channel, status, request_type, tags, outlet_id, journalist_id, assignee_id, created_at, deadline_at, first_response_at, resolved_at)
       SELECT CASE k WHEN 0 THEN 'Bridge closure day ' || d WHEN 1 THEN 'Budget figures day ' || d ELSE 'School meals day ' || d END,
              'email', CASE WHEN late = 2 THEN 'open' ELSE 'resolved' END, 'comment', ARRAY['transport'],
              ($1::uuid[])[k + 1], ($2::uuid[])[k + 1], ($3::uuid[])[(d + k) % 3 + 1],
              at, at + interval '3 hours',
              CASE late WHEN 0 THEN at + interval '1 hour' WHEN 1 THEN at + interval '4 hours 30 minutes' ELSE NULL END,
              CASE WHEN late = 2 THEN NULL ELSE at + interval '6 hours' END
         FROM generate_series(1, 400) d, generate_series(0, 2) k,
              LATERAL (SELECT date_trunc('day', now()) - make_interval(days => d) + interval '9 hours' + make_interval(hours => k) AS at) t,
              LATERAL (SELECT CASE WHEN (d * 3 + k) % (CASE WHEN d <= 30 THEN 4 ELSE 7 END) = 0 THEN (CASE WHEN k = 0 THEN 2 ELSE 1 END) ELSE 0 END AS late) l`,
      [outlets, journalists, officers],
    );
    const story = (await db.query(`INSERT INTO stories (title) VALUES ('Bridge closure') RETURNING id`)).rows[0].id;
    await db.query(`INSERT INTO story_tickets (ticket_id, story_id) SELECT id, $1 FROM tickets WHERE subject LIKE 'Bridge closure%' AND created_at > now() - interval '30 days'`, [story]);
    browser = await launchBrowser({ width: 1280, height: 1000 });
    page = await browser.context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await testApp?.close();
  });

  it('shows every headline figure against the period before, the 13-month hit rate, and the misses one click away', async () => {
    await page.goto(`${testApp.baseUrl}/signin`);
    await page.getByLabel('Email').fill(manager.email);
    await page.getByLabel('Password').fill(manager.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.getByRole('link', { name: 'Metrics' }).click();

    const deadlines = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Deadlines met' }) });
    await deadlines.getByText(/\(worse\)/).first().waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: artifactPath('metrics-report-failed.png'), fullPage: true });
      throw error;
    });
    await page.getByRole('heading', { name: 'Deadlines met, last 13 months' }).waitFor();
    const months = page.getByRole('region', { name: 'Deadlines met, last 13 months' }).getByRole('group', { name: /^Deadlines met per month/ }).getByRole('button');
    await months.first().waitFor();
    expect(await months.count()).toBe(13);

    await deadlines.getByRole('button', { name: /missed: who, where, how late/ }).click();
    const panel = page.getByRole('region', { name: /^Deadlines missed ·/ });
    await panel.getByRole('rowheader').first().waitFor();
    // The attacker's name shows as text; nothing ran.
    await panel.getByText(ATTACK_NAME).first().waitFor();
    expect(await panel.locator('img').count()).toBe(0);
    await panel.getByText(/answered 1 h 30 min late/).first().waitFor();
    await panel.getByText(/no reply yet/).first().waitFor();
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: artifactPath('metrics-report.png'), fullPage: true });
    // Deltas, the misses list and the second chart pass axe-core (WCAG 2.x A/AA, serious and critical).
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('previews the digest exactly as mailed, in a frame that runs nothing', async () => {
    await page.getByRole('button', { name: 'Preview the digest' }).click();
    const frameElement = page.locator('iframe[title^="Digest preview"]');
    await frameElement.waitFor();
    expect(await frameElement.getAttribute('sandbox')).toBe('');
    const frame = page.frameLocator('iframe[title^="Digest preview"]');
    await frame.getByText(/deadlines? missed ·/).waitFor();
    await frame.getByText(ATTACK_NAME).first().waitFor();
    expect(await frame.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await frameElement.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('metrics-digest-preview.png'), fullPage: true });
    await frameElement.screenshot({ path: artifactPath('metrics-digest-preview-frame.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
