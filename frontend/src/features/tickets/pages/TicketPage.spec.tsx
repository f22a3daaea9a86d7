import type { TicketDetailDto } from '@newsdesk/shared';
import { act, screen, waitFor, within } from '@testing-library/react';
import { FakeEventSource, installEventSource } from '../../../test/event-source-stub';
import { buildMessage, buildSession, buildTicketDetail, buildUser } from '../../../test/factories';
import { stubFetch, type StubReply } from '../../../test/fetch-stub';
import { fixClock } from '../../../test/fixed-clock';
import { renderApp } from '../../../test/render-app';

const me = buildUser({ name: 'Ada Officer' });
const colleague = buildUser({ name: 'Sam Press' });
const session = buildSession({ user: me, csrfToken: 'csrf-ticket' });

type Routes = Record<string, StubReply | ((request: Request) => StubReply)>;

function ticketRoutes(ticket: TicketDetailDto | (() => TicketDetailDto), extra: Routes = {}) {
  const current = typeof ticket === 'function' ? ticket : () => ticket;
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: session },
    'GET /api/users': { status: 200, body: [me, colleague] },
    'GET /api/templates': { status: 200, body: [] },
    'GET /api/statements': { status: 200, body: { items: [], nextCursor: null } },
    [`GET /api/tickets/${current().id}/story-suggestions`]: {
      status: 200,
      body: { ticket: { id: current().id, reference: current().reference, story: null }, windowDays: 3, threshold: 0.3, candidates: [], stories: [] },
    },
    [`GET /api/tickets/${current().reference}`]: () => ({ status: 200, body: current() }),
    [`PUT /api/tickets/${current().id}/presence`]: { status: 200, body: { ticketId: current().id, viewers: [] } },
    [`DELETE /api/tickets/${current().id}/presence`]: { status: 204 },
    [`PUT /api/tickets/${current().id}/read`]: { status: 204 },
    'GET /api/office': { status: 200, body: { timeZone: 'Europe/London' } },
    'GET /api/journalists/j-1': { status: 200, body: { id: 'j-1', name: 'Maria Lopez', email: 'maria@paper.example', phone: null, outlet: null, beat: 'Transport', notes: null, aliases: [], inquiryCount: 1, lastInquiryAt: null, createdAt: '', updatedAt: '', inquiries: [] } },
    ...extra,
  });
}

const baseTicket = (overrides: Partial<TicketDetailDto> = {}) =>
  buildTicketDetail({
    reference: 'ND-1042',
    subject: 'Harbour closure',
    status: 'open',
    journalist: { id: 'j-1', name: 'Maria Lopez', email: 'maria@paper.example' },
    ...overrides,
  });

describe('TicketPage thread', () => {
  it('shows a journalist’s HTML in a sandboxed frame whose own CSP blocks scripts and remote images', async () => {
    const html = '<p>Hello <b>press office</b></p><img data-remote-src="https://tracker.example/p.gif" alt="">';
    ticketRoutes(baseTicket({ messages: [buildMessage({ html, text: 'Hello press office', remoteImages: 1 })] }));
    const { user } = renderApp('/tickets/ND-1042');

    const frame = (await screen.findByTitle('Message from Maria Lopez')) as HTMLIFrameElement;
    expect(frame.tagName).toBe('IFRAME');
    expect(frame).toHaveAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
    expect(frame.getAttribute('src')).toBeNull();
    const srcdoc = new DOMParser().parseFromString(frame.getAttribute('srcdoc') ?? '', 'text/html');
    expect(srcdoc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toMatch(/^default-src 'none'; img-src data:;/);
    expect(srcdoc.body.querySelector('b')?.textContent).toBe('press office');
    expect(srcdoc.body.querySelector('img')?.hasAttribute('src')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Show 1 remote image' }));
    const shown = new DOMParser().parseFromString(frame.getAttribute('srcdoc') ?? '', 'text/html');
    expect(shown.body.querySelector('img')?.getAttribute('src')).toBe('https://tracker.example/p.gif');
    expect(screen.queryByRole('button', { name: /remote image/ })).not.toBeInTheDocument();
  });

  it('folds quoted history away until asked for', async () => {
    ticketRoutes(
      baseTicket({
        messages: [buildMessage({ text: 'Thanks, one more question.\n\n> On Monday you wrote:\n> old text', newText: 'Thanks, one more question.' })],
      }),
    );
    const { user } = renderApp('/tickets/ND-1042');

    const message = await screen.findByRole('article', { name: /Maria Lopez/ });
    expect(within(message).getByText('Thanks, one more question.')).toBeInTheDocument();
    expect(within(message).queryByText(/old text/)).not.toBeInTheDocument();

    await user.click(within(message).getByRole('button', { name: 'Show quoted text' }));
    expect(within(message).getByText(/old text/)).toBeInTheDocument();
    expect(within(message).getByRole('button', { name: 'Hide quoted text' })).toHaveAttribute('aria-expanded', 'true');
  });

  it('shows replies with their delivery state, notes, attachments as downloads and changes in order', async () => {
    ticketRoutes(
      baseTicket({
        messages: [
          buildMessage({ text: 'Question?', createdAt: '2025-01-01T09:00:00.000Z', attachments: [{ id: 'a-1', filename: 'brief.pdf', contentType: 'application/pdf', size: 2048, inline: false }] }),
          buildMessage({ kind: 'note', text: 'Check with legal', author: { id: colleague.id, name: 'Sam Press' }, from: null, to: [], createdAt: '2025-01-01T09:10:00.000Z' }),
          buildMessage({
            kind: 'outbound',
            text: 'Our answer',
            author: { id: me.id, name: 'Ada Officer' },
            createdAt: '2025-01-01T09:20:00.000Z',
            delivery: { status: 'failed', attempts: 3, response: null, error: '550 mailbox unavailable', sentAt: null, dueAt: null, scheduledFor: null, via: null },
          }),
        ],
        events: [
          { id: 'e1', type: 'ticket.updated', actor: { id: colleague.id, name: 'Sam Press', email: '' }, before: { assigneeId: null }, after: { assigneeId: me.id }, createdAt: '2025-01-01T09:05:00.000Z' },
          { id: 'e2', type: 'note.added', actor: null, before: null, after: null, createdAt: '2025-01-01T09:10:00.000Z' },
        ],
      }),
    );
    renderApp('/tickets/ND-1042');

    const thread = await screen.findByRole('list', { name: 'Conversation' });
    const items = Array.from(thread.children) as HTMLElement[];
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining('Question?'),
      expect.stringContaining('Sam Press assigned the inquiry to Ada Officer'),
      expect.stringContaining('Check with legal'),
      expect.stringContaining('Our answer'),
    ]);
    expect(within(items[0]).getByRole('link', { name: 'brief.pdf' })).toHaveAttribute('href', '/api/attachments/a-1');
    expect(within(items[0]).getByRole('link', { name: 'brief.pdf' })).toHaveAttribute('download', 'brief.pdf');
    expect(within(items[2]).getByRole('heading', { name: 'Internal note: Sam Press' })).toBeInTheDocument();
    expect(within(items[3]).getByText('Not delivered (attempt 3)')).toBeInTheDocument();
    expect(within(items[3]).getByText('Delivery failed: 550 mailbox unavailable')).toBeInTheDocument();
  });

  it('updates the open ticket and shows who else has it open, from the event stream', async () => {
    const uninstall = installEventSource();
    let ticket = baseTicket({ messages: [buildMessage({ text: 'First question' })] });
    ticketRoutes(() => ticket);
    renderApp('/tickets/ND-1042');
    await screen.findByText('First question');

    ticket = { ...ticket, messages: [...ticket.messages, buildMessage({ text: 'A follow-up arrived', createdAt: '2025-01-01T10:00:00.000Z' })] };
    act(() => {
      FakeEventSource.latest().emit('ticket', { ticketId: ticket.id, reference: 'ND-1042', type: 'message.received', actorId: null, at: '' });
      FakeEventSource.latest().emit('presence', {
        ticketId: ticket.id,
        viewers: [
          { userId: me.id, name: 'Ada Officer', state: 'viewing', since: '' },
          { userId: colleague.id, name: 'Sam Press', state: 'replying', since: '' },
        ],
      });
    });

    expect(await screen.findByText('A follow-up arrived')).toBeInTheDocument();
    expect(screen.getByText('Sam Press is replying')).toBeInTheDocument();
    expect(screen.queryByText('Ada Officer is viewing')).not.toBeInTheDocument();
    uninstall();
  });
});

describe('TicketPage composer', () => {
  it('sends a reply with CC and "mark pending", echoing the CSRF token', async () => {
    const ticket = baseTicket();
    const { requests } = ticketRoutes(ticket, {
      [`POST /api/tickets/${ticket.id}/replies`]: { status: 201, body: { ...ticket, status: 'pending' } },
    });
    const { user } = renderApp('/tickets/ND-1042');

    await user.type(await screen.findByLabelText('Reply to the journalist'), 'The harbour reopens on **Monday**.');
    await user.type(screen.getByLabelText('Cc'), 'desk@paper.example, editor@paper.example');
    await user.click(screen.getByRole('button', { name: 'Send and mark pending' }));

    await waitFor(() => expect(screen.getByLabelText('Reply to the journalist')).toHaveValue(''));
    const post = requests.find((request) => request.method === 'POST');
    expect(post?.headers.get('x-csrf-token')).toBe('csrf-ticket');
    expect(await post?.json()).toEqual({
      body: 'The harbour reopens on **Monday**.',
      cc: ['desk@paper.example', 'editor@paper.example'],
      status: 'pending',
    });
  });

  it('adds an internal note instead when switched to note', async () => {
    const ticket = baseTicket();
    const { requests } = ticketRoutes(ticket, { [`POST /api/tickets/${ticket.id}/notes`]: { status: 201, body: ticket } });
    const { user } = renderApp('/tickets/ND-1042');

    await user.click(await screen.findByRole('radio', { name: 'Internal note' }));
    expect(screen.queryByLabelText('Cc')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Note for colleagues (not sent)'), 'Legal says wait');
    await user.click(screen.getByRole('button', { name: 'Add note' }));

    await waitFor(() => expect(requests.some((request) => request.url.endsWith('/notes'))).toBe(true));
    expect(await requests.find((request) => request.url.endsWith('/notes'))?.json()).toEqual({ text: 'Legal says wait' });
  });

  it('uploads attachments as raw bytes and sends their ids with the reply', async () => {
    const ticket = baseTicket();
    const { requests } = ticketRoutes(ticket, {
      'POST /api/uploads': { status: 201, body: { id: 'u-1', filename: 'Fact sheet é.pdf', contentType: 'application/pdf', size: 9 } },
      [`POST /api/tickets/${ticket.id}/replies`]: { status: 201, body: ticket },
    });
    const { user } = renderApp('/tickets/ND-1042');

    await user.upload(await screen.findByLabelText('Attach files'), new File(['%PDF-1.4 '], 'Fact sheet é.pdf', { type: 'application/pdf' }));
    expect(await screen.findByRole('list', { name: 'Attached files' })).toHaveTextContent('Fact sheet é.pdf');
    await user.type(screen.getByLabelText('Reply to the journalist'), 'See attached.');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const upload = requests.find((request) => request.url.endsWith('/api/uploads'));
    expect(upload?.headers.get('content-type')).toBe('application/octet-stream');
    expect(upload?.headers.get('x-filename')).toBe(encodeURIComponent('Fact sheet é.pdf'));
    expect(upload?.headers.get('x-content-type')).toBe('application/pdf');
    expect(await upload?.text()).toBe('%PDF-1.4 ');
    await waitFor(() => expect(requests.some((request) => request.url.endsWith('/replies'))).toBe(true));
    expect(await requests.find((request) => request.url.endsWith('/replies'))?.json()).toEqual({ body: 'See attached.', uploadIds: ['u-1'] });
  });

  it('fills a template’s variables into the reply', async () => {
    const ticket = baseTicket();
    ticketRoutes(ticket, {
      'GET /api/templates': { status: 200, body: [{ id: 'tpl-1', kind: 'reply', name: 'Holding line', body: 'Dear {{journalist.name}}, re {{ticket.reference}}: we will come back to you. {{officer.name}}', active: true, updatedAt: '' }] },
    });
    const { user } = renderApp('/tickets/ND-1042');

    await screen.findByRole('option', { name: 'Holding line' });
    await user.selectOptions(screen.getByLabelText('Template'), 'Holding line');

    expect(screen.getByLabelText('Reply to the journalist')).toHaveValue('Dear Maria Lopez, re ND-1042: we will come back to you. Ada Officer');
  });

  it('warns before sending when a colleague replied after the ticket was opened', async () => {
    let ticket = baseTicket();
    const { requests } = ticketRoutes(() => ticket, {
      [`POST /api/tickets/${ticket.id}/replies`]: () => ({ status: 201, body: ticket }),
    });
    const { user } = renderApp('/tickets/ND-1042');
    await user.type(await screen.findByLabelText('Reply to the journalist'), 'My answer');

    ticket = { ...ticket, messages: [buildMessage({ kind: 'outbound', text: 'Sam’s answer', author: { id: colleague.id, name: 'Sam Press' } })] };
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const warning = await screen.findByRole('alert');
    expect(warning).toHaveTextContent(/Sam Press replied at .* since you opened this inquiry/);
    expect(requests.some((request) => request.url.endsWith('/replies'))).toBe(false);

    await user.click(within(warning).getByRole('button', { name: 'Send anyway' }));
    await waitFor(() => expect(requests.some((request) => request.url.endsWith('/replies'))).toBe(true));
  });
});

describe('TicketPage details', () => {
  it('asks for an outcome, and a reason when declining, before closing', async () => {
    const ticket = baseTicket();
    const { requests } = ticketRoutes(ticket, { [`PATCH /api/tickets/${ticket.id}`]: { status: 200, body: { ...ticket, status: 'closed', outcome: 'declined' } } });
    const { user } = renderApp('/tickets/ND-1042');

    await user.selectOptions(await screen.findByLabelText('Status'), 'Closed');
    expect(requests.some((request) => request.method === 'PATCH')).toBe(false);
    const form = screen.getByRole('form', { name: 'Close the inquiry' });
    expect(within(form).getByLabelText('Outcome')).toHaveFocus();
    await user.selectOptions(within(form).getByLabelText('Outcome'), 'Declined');
    expect(within(form).getByRole('button', { name: 'Close inquiry' })).toBeDisabled();
    await user.type(within(form).getByLabelText('Reason for declining'), 'Embargoed until the inquest');
    await user.click(within(form).getByRole('button', { name: 'Close inquiry' }));

    await waitFor(() => expect(requests.some((request) => request.method === 'PATCH')).toBe(true));
    expect(await requests.find((request) => request.method === 'PATCH')?.json()).toEqual({
      status: 'closed',
      outcome: 'declined',
      outcomeNote: 'Embargoed until the inquest',
    });

    // Undo reopens it to the status it had, clearing the outcome it was closed with.
    const toast = (await screen.findByText('ND-1042 closed.')).closest('[data-testid="toast"]') as HTMLElement;
    await user.click(within(toast).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'PATCH')).toHaveLength(2));
    expect(await requests.filter((request) => request.method === 'PATCH')[1].json()).toEqual({ status: 'open', outcome: null });
  });

  it('confirms the deadline detected in the inquiry', async () => {
    const suggested = '2030-05-01T15:00:00.000Z';
    const ticket = baseTicket({ suggestedDeadlineAt: suggested, deadlineAt: null });
    const { requests } = ticketRoutes(ticket, { [`PATCH /api/tickets/${ticket.id}`]: { status: 200, body: { ...ticket, deadlineAt: suggested } } });
    const { user } = renderApp('/tickets/ND-1042');

    await user.click(await screen.findByRole('button', { name: 'Confirm detected deadline' }));

    await waitFor(() => expect(requests.some((request) => request.method === 'PATCH')).toBe(true));
    expect(await requests.find((request) => request.method === 'PATCH')?.json()).toEqual({ deadlineAt: suggested });
    expect(await screen.findByLabelText('Deadline')).not.toHaveValue('');
  });

  it('offers the newer deadline of a follow-up without replacing the confirmed one', async () => {
    const ticket = baseTicket({
      deadlineAt: '2030-05-01T16:00:00.000Z',
      suggestedDeadlineAt: '2030-05-01T14:00:00.000Z',
      effectiveDeadlineAt: '2030-05-01T16:00:00.000Z',
      deadlineSource: 'confirmed',
    });
    const { requests } = ticketRoutes(ticket, { [`PATCH /api/tickets/${ticket.id}`]: { status: 200, body: { ...ticket, deadlineAt: ticket.suggestedDeadlineAt, suggestedDeadlineAt: null } } });
    const { user } = renderApp('/tickets/ND-1042');

    expect(await screen.findByText(/A later message asks for a new deadline/)).toBeInTheDocument();
    expect(screen.queryByText('Detected')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Use the new deadline' }));
    await waitFor(() => expect(requests.some((request) => request.method === 'PATCH')).toBe(true));
    expect(await requests.find((request) => request.method === 'PATCH')?.json()).toEqual({ deadlineAt: '2030-05-01T14:00:00.000Z' });
  });

  it('marks the ticket read up to the newest message shown', async () => {
    const newest = buildMessage({ text: 'Second', createdAt: '2025-01-01T10:00:00.000Z' });
    const ticket = baseTicket({ messages: [buildMessage({ text: 'First', createdAt: '2025-01-01T09:00:00.000Z' }), newest] });
    const { requests } = ticketRoutes(ticket);
    renderApp('/tickets/ND-1042');

    await waitFor(() => expect(requests.some((request) => request.method === 'PUT' && request.url.endsWith('/read'))).toBe(true));
    expect(await requests.find((request) => request.method === 'PUT' && request.url.endsWith('/read'))?.json()).toEqual({ upToMessageId: newest.id });
  });

  it('assigns to me with a and opens the note composer with n', async () => {
    const ticket = baseTicket();
    const { requests } = ticketRoutes(ticket, { [`PATCH /api/tickets/${ticket.id}`]: { status: 200, body: { ...ticket, assignee: me } } });
    const { user } = renderApp('/tickets/ND-1042');
    await screen.findByLabelText('Reply to the journalist');

    await user.keyboard('a');
    await waitFor(() => expect(requests.some((request) => request.method === 'PATCH')).toBe(true));
    expect(await requests.find((request) => request.method === 'PATCH')?.json()).toEqual({ assigneeId: me.id });
    // Never silent: a toast says what the key did, with an Undo that gives it back to nobody.
    const toast = (await screen.findByText('ND-1042 assigned to you.')).closest('[data-testid="toast"]') as HTMLElement;
    await user.click(within(toast).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'PATCH')).toHaveLength(2));
    expect(await requests.filter((request) => request.method === 'PATCH')[1].json()).toEqual({ assigneeId: null });

    await user.keyboard('n');
    await waitFor(() => expect(screen.getByLabelText('Note for colleagues (not sent)')).toHaveFocus());
  });
});

describe('TicketPage press-office features', () => {
  afterEach(() => jest.useRealTimers());

  const holdingLine = {
    id: '40000000-0000-4000-8000-000000000009',
    title: 'Harbour holding line',
    topic: 'harbour',
    status: 'approved',
    owner: null,
    reviewBy: null,
    stale: false,
    currentVersion: { id: 'v-3', version: 3, body: 'The harbour reopens on Monday at 6am.', createdBy: null, createdAt: '', approvedBy: null, approvedAt: '' },
    pendingVersion: null,
    createdAt: '',
    updatedAt: '',
  };

  it('warns that a colleague was recently in contact with the same journalist', async () => {
    fixClock('2026-03-10T10:00:00.000Z');
    const twoHoursAgo = '2026-03-10T07:59:00.000Z';
    ticketRoutes(
      baseTicket({
        recentContacts: [
          { ticketId: 't-1040', reference: 'ND-1040', subject: 'Ferry strike', officer: { id: colleague.id, name: 'Sam Press' }, at: twoHoursAgo, kind: 'replied' },
          { ticketId: 't-1041', reference: 'ND-1041', subject: 'Port fees', officer: { id: 'u-9', name: 'Kim Lead' }, at: twoHoursAgo, kind: 'assigned' },
        ],
      }),
    );
    renderApp('/tickets/ND-1042');

    const warning = await screen.findByRole('list', { name: 'Recent contact with this journalist' });
    const [replied, assigned] = within(warning).getAllByRole('listitem');
    expect(replied).toHaveTextContent('Sam Press replied to this journalist on ND-1040 2 h ago');
    expect(within(replied).getByRole('link', { name: 'ND-1040' })).toHaveAttribute('href', '/tickets/ND-1040');
    expect(assigned).toHaveTextContent('Kim Lead is handling ND-1041 from this journalist (last activity 2 h ago)');
  });

  it('links a web-form inquiry to the ticket it is possibly the same as', async () => {
    ticketRoutes(baseTicket({ channel: 'web', possiblySameAs: { ticketId: 't-1002', reference: 'ND-1002', subject: 'Harbour budget' } }));
    renderApp('/tickets/ND-1042');

    const notice = await screen.findByRole('note', { name: 'Possible duplicate' });
    expect(notice).toHaveTextContent(/^Possibly the same as ND-1002/);
    expect(within(notice).getByRole('link', { name: 'ND-1002' })).toHaveAttribute('href', '/tickets/ND-1002');
  });

  it('shows no possible-duplicate note for a ticket without one', async () => {
    ticketRoutes(baseTicket());
    renderApp('/tickets/ND-1042');

    await screen.findByLabelText('Reply to the journalist');
    expect(screen.queryByRole('note', { name: 'Possible duplicate' })).not.toBeInTheDocument();
  });

  it('shows no warning when nobody else was in contact', async () => {
    ticketRoutes(baseTicket());
    renderApp('/tickets/ND-1042');

    await screen.findByLabelText('Reply to the journalist');
    expect(screen.queryByRole('list', { name: 'Recent contact with this journalist' })).not.toBeInTheDocument();
  });

  it('marks held replies as awaiting approval and rejected ones with the approver’s comment', async () => {
    ticketRoutes(
      baseTicket({
        messages: [
          buildMessage({
            kind: 'outbound',
            text: 'Held answer',
            author: { id: me.id, name: 'Ada Officer' },
            flags: ['awaiting_approval'],
            approval: { id: 'a-1', status: 'pending', reason: 'every statement needs approval', comment: null },
          }),
          buildMessage({
            kind: 'outbound',
            text: 'Refused answer',
            author: { id: me.id, name: 'Ada Officer' },
            flags: ['approval_rejected'],
            approval: { id: 'a-2', status: 'rejected', reason: 'sent for approval by the officer', comment: 'Too strong on liability' },
          }),
        ],
      }),
    );
    renderApp('/tickets/ND-1042');

    const [held, refused] = await screen.findAllByRole('article', { name: 'Reply: Ada Officer' });
    expect(within(held).getByText('Awaiting approval')).toBeInTheDocument();
    expect(held).toHaveTextContent('Not sent yet: held until an approver signs it off (every statement needs approval).');
    expect(within(held).queryByRole('list', { name: 'Flags' })).not.toBeInTheDocument();
    expect(within(refused).getByText('Rejected: Too strong on liability')).toBeInTheDocument();
  });

  it('sends a reply for approval and says it is held', async () => {
    const ticket = baseTicket();
    const held = buildMessage({
      kind: 'outbound',
      text: 'Draft for sign-off',
      author: { id: me.id, name: 'Ada Officer' },
      approval: { id: 'a-3', status: 'pending', reason: 'sent for approval by the officer', comment: null },
    });
    const { requests } = ticketRoutes(ticket, { [`POST /api/tickets/${ticket.id}/replies`]: { status: 201, body: { ...ticket, messages: [held] } } });
    const { user } = renderApp('/tickets/ND-1042');

    await user.type(await screen.findByLabelText('Reply to the journalist'), 'Draft for sign-off');
    await user.click(screen.getByLabelText('Send for approval'));
    expect(screen.queryByRole('button', { name: 'Send and mark pending' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send for approval' }));

    expect(await screen.findByText('Your reply is held until an approver signs it off (sent for approval by the officer).')).toBeInTheDocument();
    expect(await requests.find((request) => request.url.endsWith('/replies'))?.json()).toEqual({ body: 'Draft for sign-off', submitForApproval: true });
  });

  it('inserts an approved statement and sends it unchanged as a recorded delivery', async () => {
    const ticket = baseTicket();
    const { requests } = ticketRoutes(ticket, {
      'GET /api/statements': { status: 200, body: { items: [holdingLine], nextCursor: null } },
      [`POST /api/tickets/${ticket.id}/statement`]: {
        status: 201,
        body: { statementId: holdingLine.id, statementVersionId: 'v-3', version: 3, stale: false, queued: 1, awaitingApproval: 0, skipped: 0, failed: 0, results: [{ ticketId: ticket.id, reference: 'ND-1042', result: 'queued', reason: null, messageId: 'm@x', deliveryId: 'd-1' }] },
      },
    });
    const { user } = renderApp('/tickets/ND-1042');

    await screen.findByRole('option', { name: 'Harbour holding line' });
    await user.selectOptions(screen.getByLabelText('Statement'), 'Harbour holding line');
    expect(screen.getByLabelText('Reply to the journalist')).toHaveValue('The harbour reopens on Monday at 6am.');
    expect(screen.getByText(/On the record: “Harbour holding line”, version 3/)).toHaveTextContent('Sent unchanged, it is recorded as delivered to this journalist.');
    await user.click(screen.getByRole('button', { name: 'Send and mark resolved' }));

    expect(await screen.findByText('“Harbour holding line” (version 3) is on its way and recorded as sent to this journalist.')).toBeInTheDocument();
    expect(screen.getByLabelText('Reply to the journalist')).toHaveValue('');
    expect(requests.some((request) => request.url.endsWith('/replies'))).toBe(false);
    expect(await requests.find((request) => request.url.endsWith('/statement'))?.json()).toEqual({ statementId: holdingLine.id, status: 'resolved' });
  });

  it('sends an edited statement as a reply on the record', async () => {
    const ticket = baseTicket();
    const { requests } = ticketRoutes(ticket, {
      'GET /api/statements': { status: 200, body: { items: [holdingLine], nextCursor: null } },
      [`POST /api/tickets/${ticket.id}/replies`]: { status: 201, body: ticket },
    });
    const { user } = renderApp('/tickets/ND-1042');

    await screen.findByRole('option', { name: 'Harbour holding line' });
    await user.type(screen.getByLabelText('Reply to the journalist'), 'Dear Maria,');
    await user.selectOptions(screen.getByLabelText('Statement'), 'Harbour holding line');
    expect(screen.getByText(/On the record/)).toHaveTextContent('Changed, it goes out as a statement and approval rules for statements apply.');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(requests.some((request) => request.url.endsWith('/replies'))).toBe(true));
    expect(await requests.find((request) => request.url.endsWith('/replies'))?.json()).toEqual({
      body: 'Dear Maria,\n\nThe harbour reopens on Monday at 6am.',
      statement: true,
    });
  });

  it('records the spokesperson and the coverage link', async () => {
    const ticket = baseTicket();
    const { requests } = ticketRoutes(ticket, { [`PATCH /api/tickets/${ticket.id}`]: { status: 200, body: ticket } });
    const { user } = renderApp('/tickets/ND-1042');

    const spokesperson = await screen.findByLabelText('Spokesperson');
    await within(spokesperson).findByRole('option', { name: 'Sam Press' });
    await user.selectOptions(spokesperson, 'Sam Press');
    await waitFor(() => expect(requests.filter((request) => request.method === 'PATCH')).toHaveLength(1));
    await user.type(screen.getByLabelText('Coverage link'), 'https://paper.example/harbour');
    await user.click(within(screen.getByLabelText('Coverage link').closest('form')!).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(requests.filter((request) => request.method === 'PATCH')).toHaveLength(2));
    const [chosen, coverage] = await Promise.all(requests.filter((request) => request.method === 'PATCH').map((request) => request.json()));
    expect(chosen).toEqual({ spokespersonId: colleague.id });
    expect(coverage).toEqual({ coverageUrl: 'https://paper.example/harbour' });
  });
});
