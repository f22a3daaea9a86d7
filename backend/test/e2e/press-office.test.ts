import { jest } from '@jest/globals';
import type { ApprovalDto, Page as ListPage, StatementDetailDto, TicketDetailDto, TicketQueueItemDto } from '@newsdesk/shared';
import type { Transporter } from 'nodemailer';
import type { Page } from 'playwright-core';
import { OutboxWorker } from '../../src/outbound/outbox.worker.js';
import { CaptureSmtp, type CapturedMail } from '../capture-smtp.js';
import { createUser, type TestUser } from '../factories.js';
import { HttpClient } from '../http-client.js';
import { INTAKE, startMailDoors, waitFor } from '../mail.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { artifactPath, assertBrowserPrerequisites, launchBrowser, type Browser } from './browser.js';
import { DataSource } from 'typeorm';

jest.setTimeout(120_000);

/** Three journalists asking about the same fire, and one asking about something else. */
const FIRE = [
  {
    from: 'Jo Reporter <jo@daily.example>',
    address: 'jo@daily.example',
    subject: 'Fire at Riverside chemical plant',
    text: 'Hi, we are reporting on the fire at the chemical plant in Riverside this morning. Can you confirm whether residents need to evacuate?',
    messageId: '<fire.jo@daily.example>',
  },
  {
    from: 'Max Writer <max@weekly.example>',
    address: 'max@weekly.example',
    subject: 'Riverside chemical plant fire - request for comment',
    text: 'Could the council comment on the blaze at the Riverside chemical plant? Are there any injuries?',
    messageId: '<fire.max@weekly.example>',
  },
  {
    from: 'Eve Columnist <eve@radio.example>',
    address: 'eve@radio.example',
    subject: 'Question about chemical fire in Riverside',
    text: 'Our listeners are asking whether the smoke from the chemical plant fire in Riverside is toxic. Deadline 5pm.',
    messageId: '<fire.eve@radio.example>',
  },
] as const;
const UNRELATED = {
  from: 'Lee Critic <lee@arts.example>',
  subject: 'Interview request: mayor on housing',
  text: 'We would like to interview the mayor about the new affordable housing plan next week.',
};
const STATEMENT_TEXT = 'Crews contained the fire at the Riverside chemical plant at 9:40. Residents may return home; the air is being monitored.';
const HELD_TEXT = 'The council will publish the air-quality readings for Riverside every hour from noon.';

/**
 * The press-office features in Debian's Chromium against the real backend: a story grouped from
 * inquiries that arrived by mail, a statement approved in the library, sent to everyone in the
 * story as separate threaded mails, and a held reply approved from a phone-sized screen.
 */
describe('press office end to end', () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let smtp: Transporter;
  let desktop: Browser;
  let phone: Browser | undefined;
  let page: Page;
  let manager: TestUser;
  let agent: TestUser;
  let approver: TestUser;
  let admin: TestUser;
  let agentApi: HttpClient;
  const tickets = new Map<string, TicketQueueItemDto>();
  let unrelated: TicketQueueItemDto;
  let storyUrl = '';
  let statementId = '';

  beforeAll(async () => {
    assertBrowserPrerequisites();
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url, OUTBOX_RETRY_BASE_MS: '50', MAIL_FROM_NAME: 'City Press Office' });
    ({ transport: smtp } = await startMailDoors(testApp));
    await testApp.app.get(OutboxWorker).start();
    manager = await createUser(testApp, 'manager', { name: 'Mia Manager' });
    agent = await createUser(testApp, 'agent', { name: 'Ana Agent' });
    approver = await createUser(testApp, 'agent', { name: 'Pat Approver' });
    admin = await createUser(testApp, 'admin', { name: 'Ada Admin' });
    agentApi = new HttpClient(testApp.baseUrl);
    await agentApi.login(agent.email, agent.password);
    const adminApi = new HttpClient(testApp.baseUrl);
    await adminApi.login(admin.email, admin.password);
    // Admins give a press officer the approver right, as the Users page does.
    expect((await adminApi.patch(`/api/users/${approver.id}`, { canApprove: true })).body).toMatchObject({ canApprove: true });
    desktop = await launchBrowser();
    page = await desktop.context.newPage();
  });

  afterAll(async () => {
    await phone?.close();
    await desktop?.close();
    smtp?.close();
    await testApp?.close();
    await capture?.stop();
  });

  const ticketFor = (subject: string) =>
    waitFor(async () => {
      const { body } = await agentApi.get<ListPage<TicketQueueItemDto>>('/api/tickets?limit=100');
      return body.items.find((ticket) => ticket.subject === subject);
    }, `the ticket "${subject}"`);

  const mailsContaining = (text: string) => capture.received.filter((mail) => mail.parsed.text?.includes(text));

  async function signIn(target: Page, user: TestUser, path: string) {
    await target.goto(`${testApp.baseUrl}${path}`);
    await target.waitForURL(/\/signin\?next=/);
    await target.getByLabel('Email').fill(user.email);
    await target.getByLabel('Password').fill(user.password);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.waitForURL((url) => url.pathname === path);
  }

  /** The page is no wider than the screen: nothing to scroll sideways. */
  const horizontalOverflow = (target: Page) =>
    target.evaluate(() => {
      // Runs in the page; the backend's TypeScript has no DOM types.
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });

  it('groups inquiries that arrived by mail into a story from the suggestions', async () => {
    for (const mail of FIRE) await smtp.sendMail({ from: mail.from, to: INTAKE, subject: mail.subject, text: mail.text, messageId: mail.messageId });
    await smtp.sendMail({ from: UNRELATED.from, to: INTAKE, subject: UNRELATED.subject, text: UNRELATED.text });
    for (const mail of FIRE) tickets.set(mail.address, await ticketFor(mail.subject));
    unrelated = await ticketFor(UNRELATED.subject);
    const references = [...tickets.values()].map((ticket) => ticket.reference);

    await signIn(page, manager, '/stories');
    await page.getByRole('heading', { name: 'Suggested stories' }).waitFor();
    const group = page.getByRole('region', { name: 'Suggested stories' }).getByRole('article').filter({ hasText: references[0] });
    for (const reference of references) await group.getByRole('link', { name: new RegExp(`^${reference} · `) }).waitFor();
    expect(await group.getByText(unrelated.reference).count()).toBe(0);
    await page.screenshot({ path: artifactPath('press-office-stories.png'), fullPage: true });

    await group.getByRole('button', { name: /^Create story from/ }).click();
    await page.waitForURL(/\/stories\/[0-9a-f-]{36}$/);
    storyUrl = page.url();
    const table = page.getByRole('table', { name: 'Inquiries in this story, soonest deadline first' });
    await table.waitFor();
    for (const reference of references) await table.getByRole('link', { name: new RegExp(`^${reference} · `) }).waitFor();
    expect(await table.getByRole('row').count()).toBe(1 + FIRE.length);
    await page.getByText(`${FIRE.length} open of ${FIRE.length} inquiries`).waitFor();
  });

  it('approves a drafted statement in the library as a manager', async () => {
    const drafted = await agentApi.post<StatementDetailDto>('/api/statements', { title: 'Riverside fire: holding line', topic: 'fire', body: STATEMENT_TEXT });
    expect(drafted.status).toBe(201);
    statementId = drafted.body.id;

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Statements' }).click();
    const row = page.getByRole('row', { name: /Riverside fire: holding line/ });
    await row.getByText('Draft', { exact: true }).waitFor();
    await page.screenshot({ path: artifactPath('press-office-statements.png'), fullPage: true });
    await row.getByRole('link', { name: 'Riverside fire: holding line' }).click();
    await page.getByRole('heading', { name: 'Version 1 awaits approval' }).waitFor();
    await page.getByRole('button', { name: 'Approve version 1' }).click();

    await page.getByText('Approved: version 1 is now the one sent and inserted.').waitFor();
    await page.getByRole('region', { name: 'In force' }).getByText(STATEMENT_TEXT).waitFor();
    const { body } = await agentApi.get<StatementDetailDto>(`/api/statements/${statementId}`);
    expect(body).toMatchObject({ status: 'approved', currentVersion: { version: 1, approvedBy: { id: manager.id } } });
    await page.screenshot({ path: artifactPath('press-office-statement.png'), fullPage: true });
  });

  it('sends the statement to everyone in the story: one mail per journalist, each threaded on their inquiry', async () => {
    await page.goto(storyUrl);
    await page.getByRole('option', { name: 'Riverside fire: holding line' }).waitFor({ state: 'attached' });
    await page.getByLabel('Statement', { exact: true }).selectOption({ label: 'Riverside fire: holding line' });
    await page.getByRole('button', { name: `Send to all ${FIRE.length} inquiries` }).click();
    await page.getByText(`Send “Riverside fire: holding line” to ${FIRE.length} journalists, each as a separate reply?`).waitFor();
    await page.getByRole('button', { name: 'Yes, send to all' }).click();

    const results = page.getByRole('region', { name: 'Sent “Riverside fire: holding line”, version 1' });
    await results.getByText(`${FIRE.length} sent to the outbox.`).waitFor();
    expect(await results.getByText('Sent to the outbox', { exact: true }).count()).toBe(FIRE.length);

    const mails = await waitFor(async () => {
      const found = mailsContaining('Crews contained the fire');
      return found.length >= FIRE.length ? found : null;
    }, 'the statement at every journalist’s mail server', 30_000);
    // Once the outbox holds nothing queued or sending, no further copy can still arrive.
    await waitFor(async () => {
      const [{ pending }] = (await testApp.app.get(DataSource).query(`SELECT count(*)::int AS pending FROM outbound_messages WHERE status IN ('queued', 'sending')`)) as { pending: number }[];
      return pending === 0;
    }, 'the outbox to be empty');
    expect(mailsContaining('Crews contained the fire')).toHaveLength(FIRE.length);
    for (const journalist of FIRE) {
      const ticket = tickets.get(journalist.address)!;
      const mine = mails.filter((mail) => mail.envelopeTo.includes(journalist.address));
      expect(mine).toHaveLength(1);
      const [mail] = mine as [CapturedMail];
      // Individually addressed: nobody else on the envelope, in To, Cc or Bcc.
      expect(mail.envelopeTo).toEqual([journalist.address]);
      expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value.map((address) => address.address) : []).toEqual([journalist.address]);
      expect(mail.parsed.cc).toBeUndefined();
      expect(mail.parsed.bcc).toBeUndefined();
      // Threaded on the journalist's own mail, with their own reference.
      expect(mail.parsed.inReplyTo).toBe(journalist.messageId);
      expect([mail.parsed.references ?? []].flat()).toContain(journalist.messageId);
      expect(mail.parsed.subject).toBe(`Re: ${journalist.subject} [${ticket.reference}]`);
    }
    await page.screenshot({ path: artifactPath('press-office-story-sent.png'), fullPage: true });

    // The library records who got which version.
    await page.goto(`${testApp.baseUrl}/statements/${statementId}`);
    const sentTo = page.getByRole('region', { name: 'Sent to' });
    for (const ticket of tickets.values()) await sentTo.getByRole('link', { name: ticket.reference }).waitFor();
  });

  it('lets an approver approve a held reply from a phone', async () => {
    const jo = tickets.get(FIRE[0].address)!;
    const held = await agentApi.post<TicketDetailDto>(`/api/tickets/${jo.reference}/replies`, { body: HELD_TEXT, submitForApproval: true });
    expect(held.status).toBe(201);
    const { body: pending } = await agentApi.get<ApprovalDto[]>('/api/approvals?status=pending');
    expect(pending).toHaveLength(1);

    // The thread shows the reply as held, and nothing went out.
    await page.goto(`${testApp.baseUrl}/tickets/${jo.reference}`);
    // Ana wrote only this reply on the thread (its text shows in the mail frame).
    const heldReply = page.getByRole('article', { name: 'Reply: Ana Agent' });
    await heldReply.getByText('Awaiting approval', { exact: true }).waitFor();
    expect(mailsContaining('air-quality readings')).toEqual([]);

    phone = await launchBrowser({ width: 390, height: 844 });
    const handset = await phone.context.newPage();
    await signIn(handset, approver, '/approvals');
    const card = handset.getByRole('article', { name: new RegExp(jo.reference) });
    // The held text is shown rendered, in a sandboxed frame.
    await card.frameLocator('iframe').getByText(HELD_TEXT).waitFor();
    await card.getByText('jo@daily.example').waitFor();
    expect(await handset.locator('.approval-queue--phone').count()).toBe(1);
    expect(await horizontalOverflow(handset)).toBeLessThanOrEqual(0);
    const approve = card.getByRole('button', { name: 'Approve and send' });
    const box = await approve.boundingBox();
    // A thumb-sized, full-width button.
    expect(box?.height).toBeGreaterThanOrEqual(44);
    expect(box?.width).toBeGreaterThan(300);
    await handset.screenshot({ path: artifactPath('press-office-approvals-phone.png'), fullPage: true });

    await approve.click();
    await handset.getByText(`Approved ${jo.reference}: the reply is on its way to Jo Reporter.`).waitFor();
    await handset.getByText('No replies are waiting for approval.').waitFor();
    await handset.screenshot({ path: artifactPath('press-office-approvals-phone-done.png'), fullPage: true });

    const [mail] = await waitFor(async () => {
      const found = mailsContaining('air-quality readings');
      return found.length ? found : null;
    }, 'the approved reply at the journalist’s mail server', 30_000);
    expect(mail.envelopeTo).toEqual([FIRE[0].address]);
    expect(mail.parsed.inReplyTo).toBe(FIRE[0].messageId);
    expect(mail.parsed.subject).toContain(`[${jo.reference}]`);

    // The story page, too, fits the phone: its tables scroll inside themselves, not the page.
    await handset.goto(storyUrl);
    await handset.getByRole('table', { name: 'Inquiries in this story, soonest deadline first' }).waitFor();
    await handset.screenshot({ path: artifactPath('press-office-story-phone.png'), fullPage: true });
    expect(await horizontalOverflow(handset)).toBeLessThanOrEqual(0);

    // The officer's desktop thread turns from held to sent, live.
    await heldReply.getByText('Approved', { exact: true }).waitFor({ timeout: 20_000 });
    await heldReply.getByText('Delivered to the mail server', { exact: true }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: artifactPath('press-office-ticket-approved.png'), fullPage: true });
  });

  it('erases a journalist’s personal data only after the admin types their address', async () => {
    const journalistId = unrelated.journalist!.id;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin/);
    await signIn(page, admin, `/contacts/journalists/${journalistId}`);

    const open = page.getByRole('button', { name: 'Erase personal data…' });
    await open.click();
    const dialog = page.getByRole('dialog', { name: 'Erase Lee Critic’s personal data?' });
    const confirm = dialog.getByLabel('Type lee@arts.example to confirm');
    expect(await confirm.evaluate((element) => element === (element.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);
    const erase = dialog.getByRole('button', { name: 'Erase for good' });
    expect(await erase.isDisabled()).toBe(true);
    // The page behind the dialog is inert: it cannot be clicked or tabbed to.
    expect(await page.locator('#root').getAttribute('inert')).toBe('');
    await confirm.fill('lee@arts.example');
    await page.screenshot({ path: artifactPath('press-office-erase-dialog.png') });
    await erase.click();

    await page.getByText(/^Erased: personal data removed from 1 inquiry/).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    // The record's form starts over from the blanked record: saving cannot write the erased data back.
    await page.getByRole('heading', { name: 'Unnamed journalist' }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('');
    const { body } = await agentApi.get<{ name: string | null; email: string | null }>(`/api/journalists/${journalistId}`);
    expect(body).toMatchObject({ name: null, email: null });
    await page.screenshot({ path: artifactPath('press-office-erased.png'), fullPage: true });
  });
});
