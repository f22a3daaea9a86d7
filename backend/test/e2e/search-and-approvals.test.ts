import { jest } from '@jest/globals';
import type { ApprovalDto, OutletDetailDto, StatementDetailDto, TicketDetailDto } from '@newsdesk/shared';
import type { Page } from 'playwright-core';
import { OutboxWorker } from '../../src/outbound/outbox.worker.js';
import { CaptureSmtp } from '../capture-smtp.js';
import { createUser, type TestUser } from '../factories.js';
import { HttpClient } from '../http-client.js';
import { waitFor } from '../mail.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { artifactPath, assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';

jest.setTimeout(120_000);

/**
 * Search as a press officer types it (no accents, part of an address, a reference without its
 * dash), and the Approvals inbox an approver works from: a badge that follows the live stream,
 * statement drafts beside held replies, and notices for the approver and the requester.
 */
describe('search and approvals in the dashboard', () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let agentBrowser: Browser;
  let managerBrowser: Browser;
  let agentPage: Page;
  let managerPage: Page;
  let agent: TestUser;
  let manager: TestUser;
  let agentApi: HttpClient;
  let managerApi: HttpClient;
  let elodie: TicketDetailDto;
  let budget: TicketDetailDto;

  const signIn = async (page: Page, user: TestUser) => {
    await page.goto(`${testApp.baseUrl}/`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.getByTitle('Live updates').filter({ hasText: /^Live$/ }).waitFor();
  };
  const search = async (text: string) => {
    const box = agentPage.getByRole('searchbox', { name: 'Search' });
    await box.fill(text);
    await box.press('Enter');
    await agentPage.waitForURL((url) => url.searchParams.get('q') === text);
  };
  // A row's header also carries a hidden "Unread:" for screen readers; the subject is what is compared.
  const rowsShown = async () => (await agentPage.getByRole('rowheader').allTextContents()).map((text) => text.replace(/^Unread: /, ''));

  beforeAll(async () => {
    assertBrowserPrerequisites();
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url, OUTBOX_RETRY_BASE_MS: '50' });
    await testApp.app.get(OutboxWorker).start();
    agent = await createUser(testApp, 'agent', { name: 'Ana Agent' });
    manager = await createUser(testApp, 'manager', { name: 'Mona Manager' });
    agentApi = new HttpClient(testApp.baseUrl);
    await agentApi.login(agent.email, agent.password);
    managerApi = new HttpClient(testApp.baseUrl);
    await managerApi.login(manager.email, manager.password);
    expect((await managerApi.post('/api/approval-rules', { kind: 'topic', value: 'budget' })).status).toBe(403);
    const admin = await createUser(testApp, 'admin', { name: 'Ada Admin' });
    const adminApi = new HttpClient(testApp.baseUrl);
    await adminApi.login(admin.email, admin.password);
    expect((await adminApi.post('/api/approval-rules', { kind: 'topic', value: 'budget' })).status).toBe(201);
    // Only Mona is told by mail here: the admin's switch is off.
    expect((await adminApi.patch('/api/users/me', { notifyApprovals: false })).status).toBe(200);

    const outlet = (await managerApi.post<OutletDetailDto>('/api/outlets', { name: 'Le Monde', domains: ['lemonde.fr'] })).body;
    elodie = (
      await agentApi.post<TicketDetailDto>('/api/tickets', {
        subject: 'Fermeture de l’école Sainte-Thérèse',
        text: 'Demande d’entretien sur la rentrée scolaire.',
        journalist: { name: 'Élodie Ferré', email: 'elodie.ferre@lemonde.fr' },
        outletId: outlet.id,
      })
    ).body;
    budget = (
      await agentApi.post<TicketDetailDto>('/api/tickets', {
        subject: 'Budget figures for 2026',
        text: 'Could you send the budget figures?',
        tags: ['budget'],
        journalist: { name: 'Maria Lopez', email: 'maria@dailynews.example' },
      })
    ).body;
    await agentApi.post('/api/tickets', { subject: 'Street lighting', text: 'When are the lights repaired?', journalist: { name: 'Jo Reporter', email: 'jo@radio.example' } });

    agentBrowser = await launchBrowser();
    agentPage = await agentBrowser.context.newPage();
    managerBrowser = await launchBrowser();
    managerPage = await managerBrowser.context.newPage();
  });

  afterAll(async () => {
    await agentBrowser?.close();
    await managerBrowser?.close();
    await testApp?.close();
    await capture?.stop();
  });

  it('finds a ticket by a name typed without accents', async () => {
    await signIn(agentPage, agent);
    await search('elodie');
    await agentPage.getByRole('rowheader', { name: elodie.subject }).waitFor();
    expect(await rowsShown()).toEqual([elodie.subject]);
    await agentPage.screenshot({ path: artifactPath('search-without-accents.png'), fullPage: true });
  });

  it('finds a ticket by part of an address, an outlet domain and a reference typed loosely', async () => {
    await search('maria@');
    await agentPage.getByRole('rowheader', { name: budget.subject }).waitFor();
    expect(await rowsShown()).toEqual([budget.subject]);
    await agentPage.screenshot({ path: artifactPath('search-partial-address.png'), fullPage: true });

    await search('lemonde.fr');
    await agentPage.getByRole('rowheader', { name: elodie.subject }).waitFor();
    expect(await rowsShown()).toEqual([elodie.subject]);

    const loose = `nd ${budget.reference.slice(3)}`;
    await search(loose);
    await agentPage.getByRole('rowheader', { name: budget.subject }).waitFor();
    expect(await rowsShown()).toEqual([budget.subject]);
    await agentPage.screenshot({ path: artifactPath('search-reference.png'), fullPage: true });
  });

  it('shows the approver a badge, a notice and statement drafts in the Approvals inbox, live', async () => {
    await signIn(managerPage, manager);
    const statement = (await agentApi.post<StatementDetailDto>('/api/statements', { title: 'Budget line to take', body: 'The budget protects frontline services.' })).body;
    await managerPage.getByRole('link', { name: 'Approvals' }).click();
    await managerPage.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
    await managerPage.getByRole('article', { name: /Budget line to take/ }).waitFor();

    // The reply is held while the approver watches: the badge and a notice follow the live stream.
    expect((await agentApi.post(`/api/tickets/${budget.id}/replies`, { body: 'The figures are attached to the council report.' })).status).toBe(201);
    const notices = managerPage.getByRole('region', { name: 'Notifications' });
    await notices.getByText(`Ana Agent asks you to approve a reply on ${budget.reference} "${budget.subject}".`).waitFor({ timeout: 20_000 });
    await managerPage.getByRole('article', { name: new RegExp(budget.reference) }).waitFor();
    const nav = managerPage.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: /waiting for you: 2/ }).waitFor();
    await managerPage.screenshot({ path: artifactPath('approvals-inbox-badge.png'), fullPage: true });

    await waitFor(
      async () => capture.received.find((mail) => mail.envelopeTo.includes(manager.email) && mail.parsed.subject === `Approval needed: reply on ${budget.reference}: ${budget.subject}`),
      "the approver's mail",
    );

    const card = managerPage.getByRole('article', { name: /Budget line to take/ });
    await card.getByRole('button', { name: 'Approve statement' }).click();
    await managerPage.getByText('Approved "Budget line to take" version 1: it is now the wording sent.').waitFor();
    await nav.getByRole('link', { name: /waiting for you: 1/ }).waitFor();
    expect((await managerApi.get<StatementDetailDto>(`/api/statements/${statement.id}`)).body.status).toBe('approved');
  });

  it('tells the requester the outcome with the comment, in the dashboard and by mail', async () => {
    const [approval] = (await managerApi.get<ApprovalDto[]>('/api/approvals?status=pending')).body.filter((a) => a.ticket.id === budget.id);
    // The dashboard must know the reply is pending first, so the decision is news to it.
    const known = agentPage.waitForResponse((response) => response.url().includes('/api/approvals'));
    await agentPage.goto(`${testApp.baseUrl}/`);
    await known;
    await agentPage.getByTitle('Live updates').filter({ hasText: /^Live$/ }).waitFor();

    const managerCard = managerPage.getByRole('article', { name: new RegExp(budget.reference) });
    await managerCard.getByRole('button', { name: 'Reject', exact: true }).click();
    await managerCard.getByLabel('Why it cannot go out (the author sees this)').fill('Attach the figures instead of pointing to the report.');
    await managerCard.getByRole('button', { name: 'Reject reply' }).click();
    await managerPage.getByText(new RegExp(`Rejected ${budget.reference}`)).waitFor();

    const text = `Mona Manager rejected your reply on ${budget.reference}. Comment: "Attach the figures instead of pointing to the report."`;
    await agentPage.getByRole('region', { name: 'Notifications' }).getByText(text).waitFor({ timeout: 20_000 });
    await agentPage.screenshot({ path: artifactPath('approvals-outcome-notice.png'), fullPage: true });

    const mail = await waitFor(
      async () => capture.received.find((m) => m.envelopeTo.includes(agent.email) && m.parsed.subject === `Your reply on ${budget.reference} was rejected: ${budget.subject}`),
      "the requester's outcome mail",
    );
    expect(mail.parsed.text).toContain('Comment: Attach the figures instead of pointing to the report.');
    expect(approval.status).toBe('pending');
  });
});
