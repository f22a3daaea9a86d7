import { jest } from '@jest/globals';
import type { TicketDetailDto } from '@newsdesk/shared';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories.js';
import { HttpClient, type HttpResponse } from '../http-client.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { enrolTotp } from '../two-factor.js';
import { seriousAxeViolations } from './axe.js';
import { artifactPath, assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';

jest.setTimeout(120_000);

interface Screen {
  name: string;
  path: string;
  /** The heading that says the screen has rendered its data. */
  heading: string | RegExp;
  /** Brings the screen into the state worth checking (a panel open, a toggle on). */
  prepare?: (page: Page) => Promise<void>;
}

/**
 * Every screen of the dashboard, and the public inquiry form, checked with axe-core in Debian's
 * Chromium: no serious or critical WCAG 2.x A/AA violation (contrast included), each with a screenshot.
 */
describe('accessibility of every screen (axe-core, WCAG AA)', () => {
  let testApp: TestApp;
  let browser: Browser;
  let page: Page;
  let admin: TestUser;
  let totpUser: TestUser;
  let ids: { ticket: string; reference: string; story: string; statement: string; journalist: string; outlet: string };

  beforeAll(async () => {
    assertBrowserPrerequisites();
    testApp = await createTestApp();
    admin = await createUser(testApp, 'admin', { name: 'Ada Admin' });
    const agentUser = await createUser(testApp, 'agent', { name: 'Ana Agent' });
    totpUser = await createUser(testApp, 'agent', { name: 'Tom Totp' });
    const totpClient = new HttpClient(testApp.baseUrl);
    await totpClient.login(totpUser.email, totpUser.password);
    await enrolTotp(totpClient, Date.now());
    await totpClient.post('/api/auth/logout');
    const api = new HttpClient(testApp.baseUrl);
    await api.login(admin.email, admin.password);
    const agent = new HttpClient(testApp.baseUrl);
    await agent.login(agentUser.email, agentUser.password);

    // A desk with something on every screen: inquiries, one held for approval, a story, a statement.
    const made = async <T>(answer: Promise<HttpResponse<T>>, what: string): Promise<T> => {
      const { status, body } = await answer;
      if (status !== 200 && status !== 201) throw new Error(`could not create ${what}: ${status} ${JSON.stringify(body)}`);
      return body;
    };
    await made(api.post('/api/outlets', { name: 'Daily Example', domains: ['daily.example'], tier: 'national' }), 'the outlet');
    const first = await made(agent.post<TicketDetailDto>('/api/tickets', { subject: 'Bridge closure', text: 'When does the bridge reopen? Deadline 5pm.', journalist: { name: 'Élodie Martin', email: 'elodie@daily.example' } }), 'a ticket');
    const second = await made(agent.post<TicketDetailDto>('/api/tickets', { subject: 'Budget figures', text: 'Could you send the 2024 budget figures?', tags: ['budget'], journalist: { name: 'Max Writer', email: 'max@weekly.example' } }), 'a ticket');
    await made(api.post('/api/approval-rules', { kind: 'topic', value: 'budget' }), 'the approval rule');
    await made(agent.post(`/api/tickets/${second.id}/replies`, { body: 'The figures are attached.' }), 'the held reply');
    const story = await made(agent.post<{ id: string }>('/api/stories', { title: 'Bridge works', ticketIds: [first.reference] }), 'the story');
    const statement = await made(api.post<{ id: string }>('/api/statements', { title: 'Bridge reopening', body: 'The bridge reopens on Monday at 6am.' }), 'the statement');
    const journalists = (await api.get<{ items: { id: string }[] }>('/api/journalists')).body.items;
    const outlets = (await api.get<{ items: { id: string }[] }>('/api/outlets')).body.items;
    ids = { ticket: first.id, reference: first.reference, story: story.id, statement: statement.id, journalist: journalists[0].id, outlet: outlets[0].id };

    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  async function check(screen: Screen): Promise<void> {
    await page.goto(`${testApp.baseUrl}${screen.path}`);
    await page.getByRole('heading', { name: screen.heading, level: 1 }).waitFor();
    // Nothing still loading: what axe sees is the screen people use.
    await page.getByRole('status').filter({ hasText: /Loading|Checking/ }).first().waitFor({ state: 'hidden' });
    await screen.prepare?.(page);
    await page.screenshot({ path: artifactPath(`a11y-${screen.name}.png`), fullPage: true });
    expect({ screen: screen.name, violations: await seriousAxeViolations(page) }).toEqual({ screen: screen.name, violations: [] });
  }

  describe('signed out', () => {
    const screens: Screen[] = [
      { name: 'sign-in', path: '/signin', heading: 'Sign in' },
      { name: 'forgot-password', path: '/forgot-password', heading: 'Forgot your password?' },
      { name: 'reset-password', path: '/reset-password#token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', heading: 'Choose a new password' },
      { name: 'inquiry-form', path: '/inquiry', heading: 'Media inquiry' },
      { name: 'setup', path: '/setup', heading: 'Set up Newsdesk' },
      { name: 'not-found', path: '/no/such/page', heading: 'Page not found' },
      {
        name: 'sign-in-second-factor',
        path: '/signin',
        heading: 'Sign in',
        prepare: async (p) => {
          await p.getByLabel('Email').fill(totpUser.email);
          await p.getByLabel('Password').fill(totpUser.password);
          await p.getByRole('button', { name: 'Sign in' }).click();
          await p.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
        },
      },
    ];
    it.each(screens.map((screen) => [screen.name, screen] as const))('%s', async (_name, screen) => check(screen));
  });

  describe('signed in as an admin', () => {
    beforeAll(async () => {
      await page.goto(`${testApp.baseUrl}/signin`);
      await page.getByLabel('Email').fill(admin.email);
      await page.getByLabel('Password').fill(admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Queue' }).waitFor();
    });

    const screens = (): Screen[] => [
      { name: 'queue', path: '/', heading: 'Queue', prepare: (p) => p.getByRole('rowheader', { name: 'Bridge closure' }).waitFor() },
      { name: 'ticket', path: `/tickets/${ids.reference}`, heading: 'Bridge closure' },
      {
        name: 'metrics',
        path: '/metrics',
        heading: 'Metrics',
        prepare: async (p) => {
          await p.getByRole('button', { name: 'Show as table' }).click();
        },
      },
      { name: 'approvals', path: '/approvals', heading: 'Approvals', prepare: (p) => p.frameLocator('iframe').first().getByText('The figures are attached.').first().waitFor() },
      { name: 'statements', path: '/statements', heading: 'Statement library' },
      { name: 'statement', path: `/statements/${ids.statement}`, heading: 'Bridge reopening' },
      { name: 'stories', path: '/stories', heading: 'Stories' },
      { name: 'story', path: `/stories/${ids.story}`, heading: 'Bridge works' },
      { name: 'journalists', path: '/contacts/journalists', heading: 'Journalists' },
      { name: 'journalist', path: `/contacts/journalists/${ids.journalist}`, heading: /.+/ },
      { name: 'outlets', path: '/contacts/outlets', heading: 'Outlets' },
      { name: 'outlet', path: `/contacts/outlets/${ids.outlet}`, heading: 'Daily Example' },
      {
        name: 'admin-users',
        path: '/admin/users',
        heading: 'Users and roles',
        prepare: async (p) => {
          await p.getByRole('button', { name: 'Sign-ins of Ana Agent' }).click();
          await p.getByRole('heading', { name: 'Sign-ins of Ana Agent' }).waitFor();
        },
      },
      { name: 'admin-approval-rules', path: '/admin/approval-rules', heading: 'Approval rules' },
      { name: 'admin-templates', path: '/admin/templates', heading: 'Templates' },
      { name: 'admin-mail', path: '/admin/mail', heading: 'Mailboxes and mail flow' },
      { name: 'admin-intake', path: '/admin/intake', heading: 'Intake log' },
      { name: 'admin-outbox', path: '/admin/outbox', heading: 'Outbox' },
      { name: 'profile', path: '/profile', heading: 'Your profile' },
    ];
    // The names are fixed; the paths need the ids the desk was seeded with.
    const names = ['queue', 'ticket', 'metrics', 'approvals', 'statements', 'statement', 'stories', 'story', 'journalists', 'journalist', 'outlets', 'outlet', 'admin-users', 'admin-approval-rules', 'admin-templates', 'admin-mail', 'admin-intake', 'admin-outbox', 'profile'];
    it.each(names)('%s', async (name) => check(screens().find((screen) => screen.name === name)!));
  });
});
