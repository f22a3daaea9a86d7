import { jest } from '@jest/globals';
import type { TicketDetailDto } from '@newsdesk/shared';
import type { Page } from 'playwright-core';
import { Clock } from '../../src/common/clock.js';
import { OutboxWorker } from '../../src/outbound/outbox.worker.js';
import { CaptureSmtp } from '../capture-smtp.js';
import { createUser, type TestUser } from '../factories.js';
import { HttpClient } from '../http-client.js';
import { waitFor } from '../mail.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { artifactPath, assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';

jest.setTimeout(90_000);

/**
 * Every way an inquiry arrives and an answer leaves, in Chromium: a phone call logged from the
 * dashboard, a new email to a journalist, undo send from the toast, and a scheduled reply. The
 * app's clock runs with real time plus an offset the test moves, so the undo window ends on cue.
 */
describe('arrivals and departures end to end', () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let browser: Browser;
  let page: Page;
  let agent: TestUser;
  let api: HttpClient;
  let worker: OutboxWorker;
  let offset = 0;
  let phoneReference = '';

  /** A local date-time input value `days` from now at `hh:mm`, as the browser's datetime-local takes it. */
  const localAt = (days: number, time: string) => {
    const date = new Date(Date.now() + days * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${time}`;
  };
  /** Next Tuesday (a week ahead if today is one). */
  const daysToTuesday = () => ((2 - new Date().getDay() + 7) % 7) || 7;

  const releaseOutbox = () => {
    offset += 11_000;
    worker.kick();
  };

  beforeAll(async () => {
    assertBrowserPrerequisites();
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url, OUTBOX_RETRY_BASE_MS: '50', MAIL_FROM_NAME: 'City Press Office', REPLY_UNDO_SECONDS: '10' });
    testApp.app.get(Clock).now = () => new Date(Date.now() + offset);
    worker = testApp.app.get(OutboxWorker);
    await worker.start();
    agent = await createUser(testApp, 'agent', { name: 'Ana Agent' });
    api = new HttpClient(testApp.baseUrl);
    await api.login(agent.email, agent.password);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
    await capture?.stop();
  });

  it('signs in', async () => {
    await page.goto(`${testApp.baseUrl}/`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel('Email').fill(agent.email);
    await page.getByLabel('Password').fill(agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.getByRole('link', { name: 'Log a call' }).waitFor();
    await page.screenshot({ path: artifactPath('arrivals-queue-actions.png') });
  });

  it('logs a phone inquiry from the queue: it becomes a ticket with channel phone', async () => {
    await page.getByRole('link', { name: 'Log a call' }).click();
    await page.getByRole('heading', { name: 'Log a phone or in-person inquiry' }).waitFor();
    await page.getByLabel('Phone call').check();
    await page.getByLabel('Name', { exact: true }).fill('Sam Caller');
    await page.getByLabel('Email', { exact: true }).fill('sam@radionorth.example');
    await page.getByLabel('Phone', { exact: true }).fill('+44 161 555 0100');
    await page.getByLabel('Deadline').fill(localAt(1, '16:00'));
    await page.getByLabel('Request type').selectOption('comment');
    await page.getByLabel('Subject').fill('Flood barriers on the quay');
    await page.getByLabel('What they asked').fill('Called at 10:05: wants a comment on the flood barriers for the 5pm bulletin.');
    await page.screenshot({ path: artifactPath('arrivals-log-phone-inquiry.png'), fullPage: true });

    await page.getByRole('button', { name: 'Log inquiry' }).click();
    await page.waitForURL(/\/tickets\/ND-\d+$/);
    phoneReference = page.url().split('/').at(-1)!;
    await page.getByRole('heading', { name: 'Flood barriers on the quay' }).waitFor();
    const { body } = await api.get<TicketDetailDto>(`/api/tickets/${phoneReference}`);
    expect(body).toMatchObject({ channel: 'phone', journalist: { name: 'Sam Caller', email: 'sam@radionorth.example' }, deadlineAt: expect.any(String) });
    await page.screenshot({ path: artifactPath('arrivals-phone-ticket.png'), fullPage: true });
  });

  it('undo send: the toast counts down, Undo returns the text to the composer and nothing is sent', async () => {
    const composer = page.getByLabel('Reply to the journalist');
    await composer.fill('We will have a statement on the barriers by 3pm.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const toast = page.getByTestId('toast');
    await toast.getByText(/Sending in \d+ s/).waitFor();
    await page.screenshot({ path: artifactPath('arrivals-undo-toast.png') });

    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Not sent. Your reply is back in the composer as a draft.').waitFor();
    expect(await composer.inputValue()).toBe('We will have a statement on the barriers by 3pm.');
    await page.locator('[data-delivery="cancelled"]').first().waitFor();
    await page.screenshot({ path: artifactPath('arrivals-undo-restored.png'), fullPage: true });

    // That nothing leaves even after the window is proven through SMTP in test/undo-send.test.ts.
    const { body } = await api.get<TicketDetailDto>(`/api/tickets/${phoneReference}`);
    expect(body.messages.at(-1)?.delivery?.status).toBe('cancelled');
    expect(capture.received.filter((mail) => mail.parsed.text?.includes('statement on the barriers'))).toHaveLength(0);
  });

  it('schedules a reply for a chosen time: the thread shows when, with a cancel button', async () => {
    await page.getByLabel('Send later').check();
    const sendAt = localAt(daysToTuesday(), '09:30');
    await page.getByLabel('Send at').fill(sendAt);
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByText(/Scheduled for .*You can cancel it on the thread until then\./).waitFor();
    // The notice is the cancel button's parent (its class is hashed by the CSS module).
    const scheduled = page.getByRole('button', { name: 'Cancel scheduled send' }).locator('xpath=..');
    await scheduled.waitFor();
    expect(await scheduled.textContent()).toMatch(/Tue.*09:30/);
    await scheduled.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('arrivals-scheduled-reply.png'), fullPage: true });
    const { body } = await api.get<TicketDetailDto>(`/api/tickets/${phoneReference}`);
    expect(body.messages.at(-1)?.delivery).toMatchObject({ status: 'queued', scheduledFor: new Date(sendAt).toISOString() });
  });

  it('starts a new email to a journalist: a ticket, the undo toast, then the mail leaves with the reference', async () => {
    await page.getByRole('link', { name: 'Queue' }).first().click();
    await page.getByRole('link', { name: 'New email' }).click();
    await page.getByRole('heading', { name: 'New email to a journalist' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Kim Writer');
    await page.getByLabel('Email', { exact: true }).fill('kim@weekly.example');
    await page.getByLabel('Subject').fill('Our new harbour plan');
    await page.getByLabel('Message').fill('Dear Kim,\n\nWe publish the **harbour plan** on Friday; happy to arrange an interview.');
    await page.screenshot({ path: artifactPath('arrivals-new-email.png'), fullPage: true });
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    const link = page.getByRole('link', { name: /ND-\d+ Our new harbour plan/ });
    await link.waitFor();
    await page.getByTestId('toast').getByText(/Sending in \d+ s/).waitFor();
    await page.screenshot({ path: artifactPath('arrivals-new-email-sent.png'), fullPage: true });

    releaseOutbox();
    const [mail] = await waitFor(async () => {
      const found = capture.received.filter((candidate) => candidate.parsed.text?.includes('harbour plan'));
      return found.length ? found : null;
    }, 'the new email at the capture server');
    expect(mail.parsed.subject).toMatch(/^Our new harbour plan \[ND-\d+\]$/);
    expect(mail.envelopeTo).toEqual(['kim@weekly.example']);

    await link.click();
    await page.getByRole('heading', { name: 'Our new harbour plan' }).waitFor();
    await page.locator('[data-delivery="sent"]').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: artifactPath('arrivals-new-email-ticket.png'), fullPage: true });
  });
});
