import type { TicketDetailDto } from '@newsdesk/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { buildMessage, buildSession, buildTicketDetail, buildUser } from '../../../test/factories';
import { stubFetch, type StubReply } from '../../../test/fetch-stub';
import { fixClock } from '../../../test/fixed-clock';
import { renderApp } from '../../../test/render-app';

// The undo window is counted from a fixed moment, so a slow machine cannot run past it mid-test.
const NOW = '2026-03-10T10:00:00.000Z';
const TEN_SECONDS_LATER = '2026-03-10T10:00:10.000Z';
beforeEach(() => fixClock(NOW));
afterEach(() => jest.useRealTimers());

const me = buildUser({ name: 'Ada Officer' });
const session = buildSession({ user: me, csrfToken: 'csrf-arrive' });
const journalist = { id: 'j-1', name: 'Maria Lopez', email: 'maria@paper.example' };

type Routes = Record<string, StubReply | ((request: Request) => StubReply)>;

function appRoutes(ticket: TicketDetailDto, extra: Routes = {}) {
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: session },
    'GET /api/users': { status: 200, body: [me] },
    'GET /api/templates': { status: 200, body: [] },
    'GET /api/statements': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/outlets': { status: 200, body: { items: [{ id: 'o-1', name: 'Radio North', tier: 'regional', domains: [], journalistCount: 0, inquiryCount: 0, createdAt: '', updatedAt: '' }], nextCursor: null } },
    'GET /api/journalists': {
      status: 200,
      body: { items: [{ ...journalist, aliases: [], phone: null, beat: null, outlet: null, inquiryCount: 1, lastInquiryAt: null, createdAt: '', updatedAt: '' }], nextCursor: null },
    },
    [`GET /api/tickets/${ticket.id}/story-suggestions`]: {
      status: 200,
      body: { ticket: { id: ticket.id, reference: ticket.reference, story: null }, windowDays: 3, threshold: 0.3, candidates: [], stories: [] },
    },
    [`GET /api/tickets/${ticket.reference}`]: { status: 200, body: ticket },
    [`PUT /api/tickets/${ticket.id}/presence`]: { status: 200, body: { ticketId: ticket.id, viewers: [] } },
    [`DELETE /api/tickets/${ticket.id}/presence`]: { status: 204 },
    'GET /api/journalists/j-1': { status: 200, body: { ...journalist, phone: null, outlet: null, beat: null, notes: null, aliases: [], inquiryCount: 1, lastInquiryAt: null, createdAt: '', updatedAt: '', inquiries: [] } },
    ...extra,
  });
}

const baseTicket = (overrides: Partial<TicketDetailDto> = {}) =>
  buildTicketDetail({ id: 't-1', reference: 'ND-1042', subject: 'Harbour closure', status: 'open', journalist, ...overrides });

const queuedReply = (text: string, delivery: { dueAt: string; scheduledFor: string | null }) =>
  buildMessage({
    id: 'm-out',
    kind: 'outbound',
    text,
    newText: text,
    author: { id: me.id, name: 'Ada Officer' },
    delivery: { status: 'queued', attempts: 0, response: null, error: null, sentAt: null, via: null, ...delivery },
  });

describe('undo send and scheduled send in the composer', () => {
  it('offers "Sending in 10 s — Undo" after sending; Undo cancels it and puts the text back as a draft', async () => {
    const ticket = baseTicket();
    const dueAt = TEN_SECONDS_LATER;
    const { requests } = appRoutes(ticket, {
      [`POST /api/tickets/${ticket.id}/replies`]: { status: 201, body: { ...ticket, messages: [queuedReply('The harbour reopens on Monday.', { dueAt, scheduledFor: null })] } },
      [`POST /api/tickets/${ticket.id}/replies/m-out/cancellation`]: { status: 201, body: ticket },
    });
    const { user } = renderApp('/tickets/ND-1042');

    await user.type(await screen.findByLabelText('Reply to the journalist'), 'The harbour reopens on Monday.');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const toast = await screen.findByText('Sending in 10 s');
    expect(screen.getByLabelText('Reply to the journalist')).toHaveValue('');

    await user.click(within(toast.closest('[data-testid="toast"]') as HTMLElement).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(screen.getByLabelText('Reply to the journalist')).toHaveValue('The harbour reopens on Monday.'));
    expect(screen.getByText('Not sent. Your reply is back in the composer as a draft.')).toBeInTheDocument();
    expect(screen.queryByText(/Sending in \d+ s/)).not.toBeInTheDocument();
    const cancel = requests.find((request) => request.url.endsWith('/cancellation'));
    expect(cancel?.method).toBe('POST');
    expect(cancel?.headers.get('x-csrf-token')).toBe('csrf-arrive');
  });

  it('says so when it is too late to undo', async () => {
    const ticket = baseTicket();
    const dueAt = TEN_SECONDS_LATER;
    appRoutes(ticket, {
      [`POST /api/tickets/${ticket.id}/replies`]: { status: 201, body: { ...ticket, messages: [queuedReply('Gone already.', { dueAt, scheduledFor: null })] } },
      [`POST /api/tickets/${ticket.id}/replies/m-out/cancellation`]: {
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: 'Too late to cancel: the reply is sent', correlationId: 'c' },
      },
    });
    const { user } = renderApp('/tickets/ND-1042');
    await user.type(await screen.findByLabelText('Reply to the journalist'), 'Gone already.');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await user.click(within((await screen.findByText('Sending in 10 s')).closest('[data-testid="toast"]') as HTMLElement).getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText(/Too late to undo: .*Too late to cancel: the reply is sent/)).toBeInTheDocument();
    expect(screen.getByLabelText('Reply to the journalist')).toHaveValue('');
  });

  it('schedules a reply for a chosen time, sending sendAt, and the thread shows it with a cancel button', async () => {
    const ticket = baseTicket();
    const sendAt = new Date(2030, 0, 8, 9, 30).toISOString();
    const scheduled = { ...ticket, messages: [queuedReply('Embargoed figures.', { dueAt: sendAt, scheduledFor: sendAt })] };
    const { requests } = appRoutes(ticket, {
      [`POST /api/tickets/${ticket.id}/replies`]: { status: 201, body: scheduled },
      [`POST /api/tickets/${ticket.id}/replies/m-out/cancellation`]: { status: 201, body: ticket },
    });
    const { user } = renderApp('/tickets/ND-1042');

    await user.type(await screen.findByLabelText('Reply to the journalist'), 'Embargoed figures.');
    await user.click(screen.getByLabelText('Send later'));
    await user.type(screen.getByLabelText('Send at'), '2030-01-08T09:30');
    await user.click(screen.getByRole('button', { name: 'Schedule' }));

    expect(await screen.findByText(/^Scheduled for Tue.*09:30.*\. You can cancel it on the thread until then\.$/)).toBeInTheDocument();
    expect(await requests.find((request) => request.url.endsWith('/replies'))?.json()).toEqual({ body: 'Embargoed figures.', sendAt });
    expect(screen.queryByText(/Sending in \d+ s/)).not.toBeInTheDocument();

    const card = screen.getByRole('article', { name: /Ada Officer/ });
    expect(within(card).getByText(/Scheduled for/)).toHaveTextContent(/Tue.*09:30/);
    await user.click(within(card).getByRole('button', { name: 'Cancel scheduled send' }));
    await waitFor(() => expect(requests.some((request) => request.url.endsWith('/replies/m-out/cancellation'))).toBe(true));
  });

  it('shows a cancelled reply as not sent, keeping its text', async () => {
    const cancelled = buildMessage({
      kind: 'outbound',
      text: 'Withdrawn line',
      newText: 'Withdrawn line',
      author: { id: me.id, name: 'Ada Officer' },
      flags: ['cancelled'],
      delivery: { status: 'cancelled', attempts: 0, response: null, error: null, sentAt: null, dueAt: null, scheduledFor: null, via: null },
    });
    appRoutes(baseTicket({ messages: [cancelled] }));
    renderApp('/tickets/ND-1042');
    const card = await screen.findByRole('article', { name: /Ada Officer/ });
    expect(within(card).getByText('Cancelled, not sent')).toBeInTheDocument();
    expect(within(card).getByText('Withdrawn line')).toBeInTheDocument();
  });
});

describe('logging a call and starting a new email', () => {
  it('logs a phone inquiry for a journalist picked from contacts, with outlet, deadline and request type', async () => {
    const created = baseTicket({ channel: 'phone' });
    const { requests } = appRoutes(created, { 'POST /api/tickets': { status: 201, body: created } });
    const { user, location } = renderApp('/tickets/new/inquiry');

    await user.type(await screen.findByLabelText('Find in contacts'), 'Maria');
    await user.click(await screen.findByRole('button', { name: /Maria Lopez/ }));
    await user.selectOptions(screen.getByLabelText('Outlet'), 'o-1');
    await user.type(screen.getByLabelText('Deadline'), '2030-01-08T16:00');
    await user.selectOptions(screen.getByLabelText('Request type'), 'interview');
    await user.type(screen.getByLabelText('Subject'), 'Flood barriers');
    await user.type(screen.getByLabelText('What they asked'), 'Wants an interview for the 5pm bulletin.');
    await user.click(screen.getByRole('button', { name: 'Log inquiry' }));

    await waitFor(() => expect(location().pathname).toBe('/tickets/ND-1042'));
    expect(await requests.find((request) => request.method === 'POST')?.json()).toEqual({
      channel: 'phone',
      subject: 'Flood barriers',
      text: 'Wants an interview for the 5pm bulletin.',
      requestType: 'interview',
      journalistId: 'j-1',
      outletId: 'o-1',
      deadlineAt: new Date(2030, 0, 8, 16, 0).toISOString(),
    });
  });

  it('logs an in-person inquiry with a new journalist and shows the server’s refusal readably', async () => {
    const created = baseTicket({ channel: 'in_person' });
    let attempts = 0;
    const { requests } = appRoutes(created, {
      'POST /api/tickets': () =>
        ++attempts === 1
          ? { status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'journalist.phone must be a phone number', correlationId: 'c' } }
          : { status: 201, body: created },
    });
    const { user, location } = renderApp('/tickets/new/inquiry');
    await user.click(await screen.findByLabelText('In person'));
    await user.type(screen.getByLabelText('Name'), 'Pat Visitor');
    await user.type(screen.getByLabelText('Phone'), 'call me');
    await user.type(screen.getByLabelText('Subject'), 'Town hall tour');
    await user.type(screen.getByLabelText('What they asked'), 'Asked at the front desk.');
    await user.click(screen.getByRole('button', { name: 'Log inquiry' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('journalist.phone must be a phone number');

    await user.clear(screen.getByLabelText('Phone'));
    await user.type(screen.getByLabelText('Phone'), '+44 161 555 0100');
    await user.click(screen.getByRole('button', { name: 'Log inquiry' }));
    await waitFor(() => expect(location().pathname).toBe('/tickets/ND-1042'));
    expect(await requests.filter((request) => request.method === 'POST')[1].json()).toMatchObject({
      channel: 'in_person',
      journalist: { name: 'Pat Visitor', phone: '+44 161 555 0100' },
    });
  });

  it('sends a new email to a new address, links the ticket, and Undo restores the form', async () => {
    const dueAt = TEN_SECONDS_LATER;
    const created = baseTicket({ subject: 'Harbour plan', messages: [queuedReply('We publish the plan on Friday.', { dueAt, scheduledFor: null })] });
    const { requests } = appRoutes(created, {
      'POST /api/tickets/outbound': { status: 201, body: created },
      [`POST /api/tickets/${created.id}/replies/m-out/cancellation`]: { status: 201, body: created },
    });
    const { user } = renderApp('/tickets/new/email');

    await user.type(await screen.findByLabelText('Name'), 'Kim Writer');
    await user.type(screen.getByLabelText('Email'), 'kim@weekly.example');
    await user.type(screen.getByLabelText('Subject'), 'Harbour plan');
    await user.type(screen.getByLabelText('Message'), 'We publish the plan on Friday.');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    expect(await screen.findByRole('link', { name: 'ND-1042 Harbour plan' })).toHaveAttribute('href', '/tickets/ND-1042');
    expect(await requests.find((request) => request.url.endsWith('/api/tickets/outbound'))?.json()).toEqual({
      subject: 'Harbour plan',
      body: 'We publish the plan on Friday.',
      to: ['kim@weekly.example'],
      journalistName: 'Kim Writer',
    });
    expect(screen.getByLabelText('Subject')).toHaveValue('');

    await user.click(within((await screen.findByText('Sending in 10 s')).closest('[data-testid="toast"]') as HTMLElement).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(screen.getByLabelText('Subject')).toHaveValue('Harbour plan'));
    expect(screen.getByLabelText('Message')).toHaveValue('We publish the plan on Friday.');
    expect(screen.getByLabelText('Email')).toHaveValue('kim@weekly.example');
    expect(screen.getByText(/Not sent\. ND-1042 keeps it as cancelled/)).toBeInTheDocument();
  });
});
