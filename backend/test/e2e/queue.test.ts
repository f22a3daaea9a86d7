import { jest } from '@jest/globals';
import type { Page as ListPage, TicketDetailDto, TicketQueueItemDto } from '@newsdesk/shared';
import type { Transporter } from 'nodemailer';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories.js';
import { HttpClient } from '../http-client.js';
import { INTAKE, startMailDoors, waitFor } from '../mail.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { artifactPath, assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';

jest.setTimeout(180_000);

const MINUTE = 60_000;
const FLOODS = 'Flood defences on the river embankment: comment needed on the council report and the repair schedule';

interface BadgeFit {
  text: string;
  clipped: boolean;
  outsideCell: boolean;
  outsideRow: boolean;
}

/**
 * The queue as a press officer meets it, in Debian's Chromium against the real server: a deadline
 * read from the mail drives the row at once (Detected), a follow-up moves it, the clock is the
 * office's, overdue is spelt out, unread and replied rows are marked, badges are whole at every
 * width from a 320 px phone to a desktop, and a stray shortcut shows a toast with Undo.
 */
describe('queue end to end', () => {
  let testApp: TestApp;
  let smtp: Transporter;
  let desktop: Browser;
  let page: Page;
  let agent: TestUser;
  let agentApi: HttpClient;

  beforeAll(async () => {
    assertBrowserPrerequisites();
    testApp = await createTestApp({ OFFICE_TIMEZONE: 'Europe/Paris' });
    ({ transport: smtp } = await startMailDoors(testApp));
    agent = await createUser(testApp, 'agent', { name: 'Ana Agent' });
    const admin = await createUser(testApp, 'admin', { name: 'Ada Admin' });
    agentApi = new HttpClient(testApp.baseUrl);
    await agentApi.login(agent.email, agent.password);
    const adminApi = new HttpClient(testApp.baseUrl);
    await adminApi.login(admin.email, admin.password);
    expect((await adminApi.post('/api/approval-rules', { kind: 'topic', value: 'floods' })).status).toBe(201);
    desktop = await launchBrowser();
    page = await desktop.context.newPage();
  });

  afterAll(async () => {
    await desktop?.close();
    smtp?.close();
    await testApp?.close();
  });

  const ticketFor = (subject: string, check: (ticket: TicketQueueItemDto) => boolean = () => true) =>
    waitFor(async () => {
      const { body } = await agentApi.get<ListPage<TicketQueueItemDto>>('/api/tickets?limit=100&sort=created');
      return body.items.find((ticket) => ticket.subject === subject && check(ticket));
    }, `the ticket "${subject}"`);

  async function signIn(target: Page, user: TestUser) {
    await target.goto(`${testApp.baseUrl}/`);
    await target.waitForURL(/\/signin\?next=/);
    await target.getByLabel('Email').fill(user.email);
    await target.getByLabel('Password').fill(user.password);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.waitForURL((url) => url.pathname === '/');
  }

  const row = (target: Page, subject: string) => target.getByRole('row').filter({ has: target.getByRole('rowheader', { name: subject, exact: false }) });

  /** Every badge on screen: whole (no clipped text), inside its own cell and inside its row. */
  const badgeFits = (target: Page) =>
    target.evaluate(() => {
      // Runs in the page; the backend's TypeScript has no DOM types.
      type Box = { top: number; bottom: number; left: number; right: number };
      type El = { textContent: string; scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number; getBoundingClientRect(): Box; closest(s: string): El | null };
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): El[] } }).document;
      const inside = (inner: Box, outer: Box) => inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5 && inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5;
      return [...doc.querySelectorAll('[role="row"] [aria-label="Flags"] > li')].map((badge) => ({
        text: badge.textContent,
        clipped: badge.scrollWidth > badge.clientWidth || badge.scrollHeight > badge.clientHeight + 1,
        outsideCell: !inside(badge.getBoundingClientRect(), badge.closest('[role="gridcell"]')!.getBoundingClientRect()),
        outsideRow: !inside(badge.getBoundingClientRect(), badge.closest('[role="row"]')!.getBoundingClientRect()),
      }));
    }) as Promise<BadgeFit[]>;

  const horizontalOverflow = (target: Page) =>
    target.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });

  it('builds a morning of inquiries through the real doors', async () => {
    // A detected deadline with every badge: urgent, in a story, a reply waiting for approval.
    await smtp.sendMail({ from: 'Jo Reporter <jo@daily.example>', to: INTAKE, subject: FLOODS, text: 'Could you send us a comment by tomorrow at 9:30am?', messageId: '<floods.jo@daily.example>' });
    const floods = await ticketFor(FLOODS);
    expect(floods).toMatchObject({ deadlineSource: 'detected', deadlineAt: null });
    await agentApi.patch(`/api/tickets/${floods.id}`, { priority: 'urgent', tags: ['floods'] });
    expect((await agentApi.post(`/api/tickets/${floods.id}/replies`, { body: 'Draft: the repairs start in May.' })).status).toBe(201);
    expect((await agentApi.post('/api/stories', { title: 'River floods', ticketIds: [floods.id] })).status).toBe(201);

    // Answered, then the journalist writes back with a new time: Replied, unread, deadline moved.
    await smtp.sendMail({ from: 'Max Writer <max@weekly.example>', to: INTAKE, subject: 'Bus lanes', text: 'A line on the bus lanes by tomorrow at 6pm please.', messageId: '<bus.max@weekly.example>' });
    const bus = await ticketFor('Bus lanes');
    const answered = await agentApi.post<TicketDetailDto>(`/api/tickets/${bus.id}/replies`, { body: 'We will come back to you today.' });
    const ourMessageId = answered.body.messages.at(-1)!.messageId!;
    await smtp.sendMail({
      from: 'Max Writer <max@weekly.example>',
      to: INTAKE,
      subject: 'Re: Bus lanes',
      text: 'Thanks. Can you get back to me by tomorrow at 4pm instead?',
      inReplyTo: `<${ourMessageId}>`,
      references: [`<${ourMessageId}>`],
    });
    const moved = await ticketFor('Bus lanes', (ticket) => ticket.repliedSinceAnswer);
    expect(moved).toMatchObject({ deadlineSource: 'detected', unread: true, repliedSinceAnswer: true });

    // Overdue by 35 minutes, and one due in a little over two hours, both confirmed.
    const now = Date.now();
    await agentApi.post('/api/tickets', { subject: 'Hospital waiting times', text: 'Phoned in.', deadlineAt: new Date(now - 35 * MINUTE - 20_000).toISOString(), journalist: { name: 'Eve', email: 'eve@radio.example' } });
    await agentApi.post('/api/tickets', { subject: 'School meals', text: 'Phoned in.', deadlineAt: new Date(now + 130 * MINUTE + 40_000).toISOString(), journalist: { name: 'Lee', email: 'lee@arts.example' } });
  });

  it('shows the office clock, how long is left, Detected and overdue in words, and orders by them (1280 px)', async () => {
    await signIn(page, agent);
    await page.getByRole('rowheader', { name: /Bus lanes/ }).waitFor();

    await row(page, FLOODS).getByText('Tomorrow 09:30').waitFor();
    expect(await row(page, FLOODS).getByText('Detected').isVisible()).toBe(true);
    expect(await row(page, 'Bus lanes').getByText('Tomorrow 16:00').isVisible()).toBe(true);
    expect(await row(page, 'Hospital waiting times').getByText(/⚠\s*Overdue 3[5-9] min/).isVisible()).toBe(true);
    expect(await row(page, 'School meals').getByText(/^in 2 h 1\d min$/).isVisible()).toBe(true);
    expect(await row(page, 'Hospital waiting times').getByText('Detected').count()).toBe(0);

    // Unread in bold with a marker; the follow-up flagged as Replied.
    expect(await page.getByRole('rowheader', { name: 'Unread: Bus lanes' }).isVisible()).toBe(true);
    expect(await row(page, 'Bus lanes').getByText('Replied', { exact: true }).isVisible()).toBe(true);

    // The order is the effective deadline: overdue, then the ones due soonest.
    const subjects = await page.locator('.queue-grid__body [role="rowheader"] a').allTextContents();
    expect(subjects.indexOf('Hospital waiting times')).toBe(0);
    expect(subjects.indexOf('School meals')).toBeLessThan(subjects.indexOf(FLOODS));

    const fits = await badgeFits(page);
    expect(fits.map((fit) => fit.text).sort()).toEqual(['Approval pending', 'Replied', 'Story', 'Urgent']);
    expect(fits.filter((fit) => fit.clipped || fit.outsideCell || fit.outsideRow)).toEqual([]);
    await page.screenshot({ path: artifactPath('queue-deadlines-badges-1280.png'), fullPage: true });
  });

  it('keeps every badge whole at each width the dashboard supports', async () => {
    for (const width of [1920, 1440, 1121, 1120, 1024, 768, 600, 390, 320]) {
      await page.setViewportSize({ width, height: 900 });
      await page.getByRole('rowheader', { name: new RegExp(FLOODS.slice(0, 20)) }).waitFor();
      const fits = await badgeFits(page);
      expect({ width, count: fits.length }).toEqual({ width, count: 4 });
      expect({ width, broken: fits.filter((fit) => fit.clipped || fit.outsideCell || fit.outsideRow) }).toEqual({ width, broken: [] });
      expect({ width, overflow: await horizontalOverflow(page) }).toEqual({ width, overflow: 0 });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('never acts silently on a stray key: a shows a toast whose Undo gives the ticket back', async () => {
    const grid = page.getByRole('grid', { name: 'Inquiries' });
    await grid.focus();
    // The first row is the overdue one (nobody holds it).
    await page.keyboard.press('a');
    const toast = page.getByTestId('toast');
    await toast.getByText(/ND-\d+ assigned to you\./).waitFor();
    await page.screenshot({ path: artifactPath('queue-undo-toast-1280.png') });
    const hospital = await ticketFor('Hospital waiting times', (ticket) => ticket.assignee?.id === agent.id);
    expect(hospital.assignee?.id).toBe(agent.id);

    await toast.getByRole('button', { name: 'Undo' }).click();
    await toast.waitFor({ state: 'detached' });
    await ticketFor('Hospital waiting times', (ticket) => ticket.assignee === null);
  });

  it('marks a ticket read once it is opened', async () => {
    await page.getByRole('link', { name: 'Bus lanes' }).click();
    await page.getByRole('heading', { name: 'Bus lanes' }).waitFor();
    await ticketFor('Bus lanes', (ticket) => !ticket.unread);
    // Offered for confirmation on the office's clock, like the queue shows it.
    expect(await page.getByText('Detected in the inquiry: Tomorrow 16:00 (Europe/Paris)').isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('queue-ticket-detected-deadline-1280.png'), fullPage: true });
    await page.getByRole('link', { name: 'Queue', exact: true }).first().click();
    await page.getByRole('rowheader', { name: 'Bus lanes', exact: true }).waitFor();
    expect(await row(page, 'Bus lanes').getByText('Replied', { exact: true }).isVisible()).toBe(true);
  });

  it('fits a 390 px phone: clock, countdown, overdue and all badges readable', async () => {
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      const handset = await phone.context.newPage();
      await signIn(handset, agent);
      await row(handset, FLOODS).getByText('Tomorrow 09:30').waitFor();
      expect(await row(handset, 'Hospital waiting times').getByText(/Overdue 3\d min/).isVisible()).toBe(true);
      const fits = await badgeFits(handset);
      expect(fits).toHaveLength(4);
      expect(fits.filter((fit) => fit.clipped || fit.outsideCell || fit.outsideRow)).toEqual([]);
      expect(await horizontalOverflow(handset)).toBe(0);
      await handset.screenshot({ path: artifactPath('queue-phone-390.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });
});
