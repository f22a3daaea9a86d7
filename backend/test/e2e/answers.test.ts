import { jest } from '@jest/globals';
import type { TicketDetailDto } from '@newsdesk/shared';
import type { Transporter } from 'nodemailer';
import type { Page } from 'playwright-core';
import { OutboxWorker } from '../../src/outbound/outbox.worker.js';
import { CaptureSmtp } from '../capture-smtp.js';
import { createUser, type TestUser } from '../factories.js';
import { HttpClient } from '../http-client.js';
import { INTAKE, startMailDoors, waitFor } from '../mail.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { artifactPath, assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';

jest.setTimeout(120_000);

const REPLY = 'Thank you, Élodie. The bridge reopens **on Monday at 6:00**.\n\n- Buses run until then\n- See [the notice](https://city.example/bridge)';

/** Issue 14: what staff see of an answer (rendered, with an honest delivery state) and a French acknowledgement, in Chromium. */
describe('answers that read as if a person wrote them, in the dashboard', () => {
  let browser: Browser | undefined;

  beforeAll(() => assertBrowserPrerequisites());
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });

  async function signIn(target: Page, baseUrl: string, user: TestUser, path: string) {
    await target.goto(`${baseUrl}${path}`);
    await target.waitForURL(/\/signin\?next=/);
    await target.getByLabel('Email').fill(user.email);
    await target.getByLabel('Password').fill(user.password);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.waitForURL((url) => url.pathname === path);
  }

  /** An inquiry through the SMTP door, answered by the officer through the API; returns the ticket once the reply left the outbox. */
  async function inquiryAnswered(testApp: TestApp, smtp: Transporter, officer: TestUser, mail: { from: string; subject: string; text: string; messageId: string }) {
    await smtp.sendMail({ ...mail, to: INTAKE, messageId: `<${mail.messageId}>` });
    const api = new HttpClient(testApp.baseUrl);
    await api.login(officer.email, officer.password);
    const id = await waitFor(async () => {
      const { body } = await api.get<{ items: { id: string; subject: string }[] }>('/api/tickets?limit=50');
      return body.items.find((ticket) => ticket.subject === mail.subject)?.id;
    }, `the ticket "${mail.subject}"`);
    expect((await api.post(`/api/tickets/${id}/replies`, { body: REPLY })).status).toBe(201);
    return waitFor(async () => {
      const { body } = await api.get<TicketDetailDto>(`/api/tickets/${id}`);
      return body.messages.at(-1)?.delivery?.status === 'sent' ? body : null;
    }, 'the reply sent');
  }

  it('shows a reply rendered and "Delivered" once a mail server accepted it', async () => {
    const capture = await new CaptureSmtp().start();
    const testApp = await createTestApp({ SMTP_URL: capture.url, MAIL_FROM_NAME: 'City Press Office' });
    const { transport: smtp } = await startMailDoors(testApp);
    try {
      await testApp.app.get(OutboxWorker).start();
      const officer = await createUser(testApp, 'agent', { name: 'Maria Lopez' });
      const ticket = await inquiryAnswered(testApp, smtp, officer, {
        from: '"Élodie Martin" <elodie@daily.example>',
        subject: 'Bridge closure',
        text: 'Hello, when does the bridge reopen? I need it by 4pm today.',
        messageId: 'bridge.e2e@daily.example',
      });
      const sent = capture.received.find((mail) => mail.parsed.text?.includes('The bridge reopens on Monday at 6:00.'));
      expect(sent?.parsed.from?.value[0]).toEqual({ name: 'Maria Lopez, City Press Office', address: INTAKE });

      browser = await launchBrowser();
      const page = await browser.context.newPage();
      await signIn(page, testApp.baseUrl, officer, `/tickets/${ticket.reference}`);
      const reply = page.getByRole('article', { name: /Reply: Maria Lopez/ });
      await reply.getByText('Delivered to the mail server').waitFor();
      const frame = page.frameLocator(`iframe[title="Message from Maria Lopez"]`);
      await frame.locator('strong', { hasText: 'on Monday at 6:00' }).waitFor();
      expect(await frame.locator('body').innerText()).not.toContain('**');
      await reply.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('answers-thread-delivered.png'), fullPage: true });
    } finally {
      smtp.close();
      await testApp.close();
      await capture.stop();
    }
  });

  it('says a reply waits in the local outbox without a mail server, and shows the French acknowledgement on the outbox page', async () => {
    const testApp = await createTestApp({ MAIL_FROM_NAME: 'Service de presse' });
    const { transport: smtp } = await startMailDoors(testApp);
    try {
      await testApp.app.get(OutboxWorker).start();
      const officer = await createUser(testApp, 'agent', { name: 'Maria Lopez' });
      const admin = await createUser(testApp, 'admin', { name: 'Ada Admin' });
      const ticket = await inquiryAnswered(testApp, smtp, officer, {
        from: '"Élodie Dubois" <elodie@quotidien.example>',
        subject: 'Fermeture du pont',
        text: 'Bonjour, pourriez-vous me dire quand le pont sera rouvert ? J’ai besoin de votre réponse avant 16h demain. Merci.',
        messageId: 'pont.e2e@quotidien.example',
      });

      browser = await launchBrowser();
      const page = await browser.context.newPage();
      await signIn(page, testApp.baseUrl, officer, `/tickets/${ticket.reference}`);
      const reply = page.getByRole('article', { name: /Reply: Maria Lopez/ });
      await reply.getByText('Waiting in the local outbox (no mail server configured)').waitFor();
      expect(await reply.getByText(/Delivered|^Sent$/).count()).toBe(0);
      await page.screenshot({ path: artifactPath('answers-thread-local-outbox.png'), fullPage: true });

      // The admin signs in on the same browser after the officer's session is gone.
      await browser.context.clearCookies();
      const adminPage = await browser.context.newPage();
      await signIn(adminPage, testApp.baseUrl, admin, '/admin/outbox');
      const ackRow = adminPage.getByRole('row').filter({ hasText: 'acknowledgement' }).first();
      await ackRow.getByText('Read the text').click();
      await ackRow.getByText(/^Bonjour Élodie,/).waitFor();
      const text = await ackRow.locator('pre').innerText();
      expect(text).toContain(`sous la référence [${ticket.reference}].`);
      expect(text).toContain('Nous avons noté votre échéance');
      expect(text).not.toMatch(/\*|\\/);
      await ackRow.getByText('in the local outbox (no mail server configured)').waitFor();
      await adminPage.screenshot({ path: artifactPath('answers-outbox-french-acknowledgement.png'), fullPage: true });

      const adminApi = new HttpClient(testApp.baseUrl);
      await adminApi.login(admin.email, admin.password);
      const template = await adminApi.post('/api/templates', {
        kind: 'reply',
        name: 'Holding line',
        body: 'Dear {{journalist.name}},\n\nWe are looking into **{{ticket.reference}}** and will reply _today_.\n\n{{officer.name}}',
      });
      expect(template.status).toBe(201);
      await adminPage.goto(`${testApp.baseUrl}/admin/templates`);
      const preview = adminPage.frameLocator('iframe[title="Preview of Holding line with sample values"]');
      await preview.locator('strong', { hasText: 'ND-1001' }).waitFor();
      expect(await preview.locator('body').innerText()).not.toMatch(/\*\*|\{\{/);
      await adminPage.screenshot({ path: artifactPath('answers-template-preview.png'), fullPage: true });

      // A reply the officer holds for approval: the approver reads it rendered, not as Markdown.
      const officerApi = new HttpClient(testApp.baseUrl);
      await officerApi.login(officer.email, officer.password);
      const held = await officerApi.post(`/api/tickets/${ticket.id}/replies`, { body: 'Le pont rouvre **lundi à 6 h**.\n\n- Navettes en attendant', submitForApproval: true });
      expect(held.status).toBe(201);
      await adminPage.goto(`${testApp.baseUrl}/approvals`);
      const card = adminPage.getByRole('article', { name: new RegExp(ticket.reference) });
      const rendered = card.frameLocator(`iframe[title="Reply text for ${ticket.reference}"]`);
      await rendered.locator('strong', { hasText: 'lundi à 6 h' }).waitFor();
      expect(await rendered.locator('body').innerText()).not.toContain('**');
      await adminPage.screenshot({ path: artifactPath('answers-approval-rendered.png'), fullPage: true });
    } finally {
      smtp.close();
      await testApp.close();
    }
  });
});
