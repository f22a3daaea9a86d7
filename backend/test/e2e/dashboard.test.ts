import { jest } from '@jest/globals';
import type { TicketDetailDto } from '@newsdesk/shared';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Transporter } from 'nodemailer';
import type { Page, Request } from 'playwright-core';
import { OutboxWorker } from '../../src/outbound/outbox.worker.js';
import { CaptureSmtp } from '../capture-smtp.js';
import { createUser, type TestUser } from '../factories.js';
import { HttpClient } from '../http-client.js';
import { INTAKE, startMailDoors, waitFor } from '../mail.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { artifactPath, assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';

jest.setTimeout(90_000);

/**
 * The dashboard in Debian's Chromium against the real backend on embedded PostgreSQL, with the
 * SMTP door taking the journalist's mail and a capturing SMTP server playing their mail server.
 * The tests run in order and share one press officer's browser session.
 */
describe('dashboard end to end', () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let smtp: Transporter;
  let browser: Browser;
  let page: Page;
  let agent: TestUser;
  let api: HttpClient;
  let ticketReference = '';
  // A host the hostile mail points its images at: any request reaching it is a failure.
  let tracker: http.Server;
  const trackerHits: string[] = [];
  const requests: Request[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    assertBrowserPrerequisites();
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url, OUTBOX_RETRY_BASE_MS: '50', MAIL_FROM_NAME: 'City Press Office' });
    ({ transport: smtp } = await startMailDoors(testApp));
    await testApp.app.get(OutboxWorker).start();
    agent = await createUser(testApp, 'agent', { name: 'Ana Agent' });
    api = new HttpClient(testApp.baseUrl);
    await api.login(agent.email, agent.password);
    tracker = http.createServer((request, response) => {
      trackerHits.push(request.url ?? '');
      response.end();
    });
    await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('request', (request) => requests.push(request));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    smtp?.close();
    await testApp?.close();
    await capture?.stop();
    await new Promise((resolve) => tracker?.close(resolve));
  });

  const trackerOrigin = () => `http://127.0.0.1:${(tracker.address() as AddressInfo).port}`;
  const ticketFor = (subject: string) =>
    waitFor(async () => {
      const { body } = await api.get<{ items: { reference: string; subject: string }[] }>(`/api/tickets?q=${encodeURIComponent(subject)}`);
      return body.items.find((ticket) => ticket.subject === subject);
    }, `the ticket "${subject}"`);

  it('signs in and shows the queue', async () => {
    await page.goto(`${testApp.baseUrl}/`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel('Email').fill(agent.email);
    await page.getByLabel('Password').fill(agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.getByText('No inquiries match these filters.').waitFor();
    await page.getByTitle('Live updates').filter({ hasText: /^Live$/ }).waitFor();
  });

  it('shows a mail sent to the SMTP door in the queue without a reload', async () => {
    await smtp.sendMail({
      from: '"Jo Reporter" <jo@daily.example>',
      to: INTAKE,
      subject: 'Bridge closure',
      text: 'When does the bridge reopen? My deadline is 5pm today.',
      messageId: '<bridge.question@daily.example>',
    });
    await smtp.sendMail({ from: 'Max Writer <max@weekly.example>', to: INTAKE, subject: 'Budget figures', text: 'Could you send the 2024 budget figures?' });

    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Bridge closure' }) });
    await row.waitFor({ timeout: 20_000 });
    await page.getByRole('rowheader', { name: 'Budget figures' }).waitFor({ timeout: 20_000 });
    ticketReference = (await ticketFor('Bridge closure')).reference;
    await row.getByText(ticketReference).waitFor();
    await row.getByText('Jo Reporter').waitFor();
    await page.screenshot({ path: artifactPath('dashboard-queue.png'), fullPage: true });
  });

  it('opens the inquiry from the keyboard and assigns it', async () => {
    await page.keyboard.press('/');
    await page.getByLabel('Search').fill('bridge');
    await page.keyboard.press('Enter');
    await page.getByRole('rowheader', { name: 'Budget figures' }).waitFor({ state: 'detached' });
    await page.getByRole('grid', { name: 'Inquiries' }).focus();
    await page.keyboard.press('Enter');

    await page.waitForURL(`**/tickets/${ticketReference}`);
    await page.getByRole('heading', { name: 'Bridge closure' }).waitFor();
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByText('Assigned to Ana Agent').waitFor();
    await page.getByLabel('Status').filter({ has: page.locator('option:checked', { hasText: 'Open' }) }).waitFor();
  });

  it('sends a reply that reaches the journalist’s mail server and shows it delivered', async () => {
    await page.getByLabel('Reply to the journalist').fill('The bridge reopens **on Monday**.');
    await page.getByLabel('Cc').fill('desk@daily.example');
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    const [mail] = await waitFor(async () => {
      const found = capture.received.filter((m) => m.parsed.text?.includes('The bridge reopens'));
      return found.length ? found : null;
    }, 'the reply at the capture server');
    expect(mail.envelopeTo.sort()).toEqual(['desk@daily.example', 'jo@daily.example']);
    expect(mail.parsed.inReplyTo).toBe('<bridge.question@daily.example>');
    expect(mail.parsed.subject).toContain(`[${ticketReference}]`);
    expect(mail.parsed.html).toContain('<strong>on Monday</strong>');

    const reply = page.getByRole('article', { name: 'Reply: Ana Agent' });
    await reply.getByText('Delivered to the mail server', { exact: true }).waitFor({ timeout: 20_000 });
  });

  it('threads the journalist’s answer onto the open ticket live', async () => {
    const ours = capture.received.find((m) => m.parsed.text?.includes('The bridge reopens'))!;
    const answer = await new MailComposer({
      from: 'Jo Reporter <jo@daily.example>',
      to: INTAKE,
      subject: `Re: ${ours.parsed.subject}`,
      text: 'Thanks! And what about cyclists?\n\nOn Monday the press office wrote:\n> The bridge reopens on Monday.',
      inReplyTo: ours.parsed.messageId,
      references: ours.parsed.messageId,
      messageId: '<bridge.followup@daily.example>',
    })
      .compile()
      .build();
    await smtp.sendMail({ envelope: { from: 'jo@daily.example', to: [INTAKE] }, raw: answer });

    await page.getByText('Thanks! And what about cyclists?').waitFor({ timeout: 20_000 });
    expect(page.url()).toContain(`/tickets/${ticketReference}`);
    await page.screenshot({ path: artifactPath('dashboard-ticket.png'), fullPage: true });
  });

  it('closes the inquiry with an outcome', async () => {
    await page.getByLabel('Status').selectOption('closed');
    const form = page.getByRole('form', { name: 'Close the inquiry' });
    await form.getByLabel('Outcome', { exact: true }).selectOption('statement_given');
    await form.getByRole('button', { name: 'Close inquiry' }).click();

    await page.getByText('Outcome: Statement given').waitFor();
    const { body } = await api.get<TicketDetailDto>(`/api/tickets/${ticketReference}`);
    expect(body).toMatchObject({ status: 'closed', outcome: 'statement_given' });
  });

  it('renders a hostile HTML mail inert: no script runs, no remote request leaves', async () => {
    const remote = trackerOrigin();
    await smtp.sendMail({
      from: 'Eve Mallory <eve@evil.example>',
      to: INTAKE,
      subject: 'Hostile markup',
      text: 'Hostile markup test',
      html: [
        '<p id="visible">Please comment on the leak.</p>',
        '<script>window.top.__pwned = "script"; alert("script ran")</script>',
        `<img src="${remote}/pixel.gif" alt="tracking pixel">`,
        `<img src="x" onerror="window.top.__pwned = 'onerror'">`,
        `<div style="background: url(${remote}/bg.png)">styled</div>`,
        `<iframe src="${remote}/frame"></iframe><object data="${remote}/object"></object>`,
        `<a href="javascript:alert('link')">link</a><svg onload="alert('svg')"></svg>`,
        `<link rel="stylesheet" href="${remote}/style.css"><meta http-equiv="refresh" content="0;url=${remote}/refresh">`,
      ].join(''),
    });
    const hostile = await ticketFor('Hostile markup');
    await page.goto(`${testApp.baseUrl}/tickets/${hostile.reference}`);

    const frame = page.locator('iframe[sandbox]');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    expect(await frame.getAttribute('srcdoc')).toContain("default-src 'none'");
    await page.frameLocator('iframe[sandbox]').getByText('Please comment on the leak.').waitFor();
    await page.getByRole('button', { name: 'Show 1 remote image' }).waitFor();
    // The mail's document fires load only after its images have loaded or failed (onerror ran or never will)
    // and its inline scripts had their turn: the moment to check nothing ran, instead of a fixed wait.
    const mailDocument = await (await frame.elementHandle())?.contentFrame();
    if (!mailDocument) throw new Error('the mail frame has no document');
    await mailDocument.waitForLoadState('load');

    expect(await page.evaluate(() => (globalThis as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(trackerHits).toEqual([]);
    expect(requests.map((request) => request.url()).filter((url) => url.startsWith(remote))).toEqual([]);
  });

  it('shows an agent no admin navigation and keeps admin pages closed', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Queue' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Admin' }).count()).toBe(0);

    await page.goto(`${testApp.baseUrl}/admin/users`);
    await page.getByRole('heading', { name: 'No access' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/settings')).status);
    expect(status).toBe(403);
  });

  it('fits the queue on a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${testApp.baseUrl}/?status=all`);
    await page.getByRole('rowheader', { name: 'Budget figures' }).waitFor();
    // Runs in the page; the backend's TypeScript has no DOM types.
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifactPath('dashboard-queue-phone.png'), fullPage: true });
  });
});
