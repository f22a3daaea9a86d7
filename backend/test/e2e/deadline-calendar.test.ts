import { jest } from '@jest/globals';
import type { TicketDetailDto } from '@newsdesk/shared';
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { createUser } from '../factories.js';
import { HttpClient } from '../http-client.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { seriousAxeViolations } from './axe.js';
import { artifactPath, assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';

jest.setTimeout(120_000);

/** The deadline calendar from the profile page, in Debian's Chromium, to a feed a calendar app can read. */
describe('deadline calendar end to end', () => {
  let testApp: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    assertBrowserPrerequisites();
    testApp = await createTestApp({ OFFICE_TIMEZONE: 'Europe/Berlin' });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('creates a calendar link on the profile that serves the officer’s deadlines without a session', async () => {
    const officer = await createUser(testApp, 'agent', { name: 'Ana Agent' });
    const api = new HttpClient(testApp.baseUrl);
    await api.login(officer.email, officer.password);
    const ticket = (
      await api.post<TicketDetailDto>('/api/tickets', {
        subject: 'Bridge closure: when, and who pays?',
        text: 'Called about the bridge.',
        deadlineAt: '2026-12-10T15:00:00Z',
        assigneeId: officer.id,
      })
    ).body;

    await page.goto(`${testApp.baseUrl}/signin`);
    await page.getByLabel('Email').fill(officer.email);
    await page.getByLabel('Password').fill(officer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.goto(`${testApp.baseUrl}/profile`);
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Deadline calendar' }) });
    await section.getByText('You have no calendar link.').waitFor();
    await section.getByRole('button', { name: 'Create calendar link' }).click();
    const field = section.getByLabel('Calendar link');
    await field.waitFor();
    await section.getByText(/not fetched yet/).waitFor();
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: artifactPath('deadline-calendar-subscribe.png') });
    await page.screenshot({ path: artifactPath('deadline-calendar-profile.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);

    const url = await field.inputValue();
    expect(await section.getByRole('link', { name: 'Open in calendar app' }).getAttribute('href')).toBe(url.replace(/^https?:/, 'webcal:'));
    // A calendar app: the URL and nothing else.
    const response = await fetch(`${testApp.baseUrl}${new URL(url).pathname}`);
    expect(response.status).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
    const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    expect(events.map((event) => [event.summary, event.startDate.zone?.tzid, event.startDate.hour])).toEqual([
      [`${ticket.reference}: Bridge closure: when, and who pays?`, 'Europe/Berlin', 16],
    ]);

    await page.reload();
    await section.getByText(/last fetched/).waitFor();
    expect(await section.getByLabel('Calendar link').count()).toBe(0);
  });
});
