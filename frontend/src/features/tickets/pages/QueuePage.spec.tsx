import type { TicketQueueItemDto } from '@newsdesk/shared';
import { act, screen, waitFor, within } from '@testing-library/react';
import { buildSession, buildQueueItem, buildUser } from '../../../test/factories';
import { FakeEventSource, installEventSource } from '../../../test/event-source-stub';
import { stubFetch, type StubReply } from '../../../test/fetch-stub';
import { fixClock } from '../../../test/fixed-clock';
import { renderApp } from '../../../test/render-app';

const me = buildUser({ name: 'Ada Officer' });
const colleague = buildUser({ name: 'Sam Press' });
const session = buildSession({ user: me });

function queueRoutes(tickets: TicketQueueItemDto[] | ((request: Request) => StubReply), extra: Record<string, StubReply | ((request: Request) => StubReply)> = {}) {
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: session },
    'GET /api/users': { status: 200, body: [me, colleague] },
    'GET /api/outlets': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/office': { status: 200, body: { timeZone: 'Europe/London' } },
    'GET /api/tickets': typeof tickets === 'function' ? tickets : { status: 200, body: { items: tickets, nextCursor: null } },
    ...extra,
  });
}

const rowOf = (subject: string) => screen.getByRole('rowheader', { name: subject }).closest('[role="row"]') as HTMLElement;
const ticketUrls = (requests: Request[]) => requests.filter((r) => r.method === 'GET' && new URL(r.url).pathname === '/api/tickets').map((r) => new URL(r.url));

// A Tuesday mid-morning in London: every deadline and "ago" below is counted from here, whenever the suite runs.
const NOW = '2026-03-10T10:00:00.000Z';

describe('QueuePage', () => {
  beforeEach(() => fixClock(NOW));
  afterEach(() => {
    jest.useRealTimers();
    window.localStorage.clear();
  });

  it('shows a row per inquiry with its deadline, status, assignee and last activity', async () => {
    const assigned = buildQueueItem({
      reference: 'ND-2001',
      subject: 'Comment on the harbour closure',
      status: 'open',
      journalist: { id: 'j1', name: 'Maria Lopez', email: 'maria@paper.example' },
      outlet: { id: 'o1', name: 'Harbour Gazette' },
      assignee: colleague,
      deadlineAt: '2026-03-10T10:30:30.000Z',
      effectiveDeadlineAt: '2026-03-10T10:30:30.000Z',
      deadlineSource: 'confirmed',
      lastActivityAt: '2026-03-10T09:54:59.000Z',
    });
    const unassigned = buildQueueItem({
      reference: 'ND-2002',
      subject: 'Budget figures',
      journalist: null,
      outlet: null,
      effectiveDeadlineAt: '2026-03-10T13:00:00.000Z',
      deadlineSource: 'detected',
    });
    queueRoutes([assigned, unassigned]);
    renderApp('/');

    await screen.findByRole('rowheader', { name: 'Comment on the harbour closure' });
    const cells = within(rowOf('Comment on the harbour closure'));
    expect(cells.getByText('ND-2001')).toBeInTheDocument();
    expect(cells.getByText('Maria Lopez')).toBeInTheDocument();
    expect(cells.getByText('Harbour Gazette')).toBeInTheDocument();
    expect(cells.getByText('in 30 min')).toHaveClass('deadline--imminent');
    expect(cells.getByText('Open')).toBeInTheDocument();
    expect(cells.getByText('Sam Press')).toBeInTheDocument();
    expect(cells.getByText('5 min ago')).toBeInTheDocument();
    expect(cells.getByRole('link', { name: 'Comment on the harbour closure' })).toHaveAttribute('href', '/tickets/ND-2001');

    const second = within(rowOf('Budget figures'));
    expect(second.getByText('Unassigned')).toBeInTheDocument();
    expect(second.getByText('in 3 h')).toHaveClass('deadline--soon');
    // A deadline read from the mail drives the row before anyone confirms it, and says so.
    expect(second.getByText('Detected')).toBeInTheDocument();
    expect(cells.queryByText('Detected')).not.toBeInTheDocument();
  });

  it('marks unread rows and journalist replies, and shows every badge in full', async () => {
    const flagged = buildQueueItem({
      subject: 'Flood defences',
      priority: 'urgent',
      unread: true,
      repliedSinceAnswer: true,
      approvalPending: true,
      story: { id: 's1', title: 'Floods in the north' },
    });
    const quiet = buildQueueItem({ subject: 'Quiet one' });
    queueRoutes([flagged, quiet]);
    renderApp('/');

    const subject = await screen.findByRole('rowheader', { name: 'Unread: Flood defences' });
    expect(subject).toHaveClass('queueRowSubjectUnread');
    const flagList = within(rowOf('Unread: Flood defences')).getByRole('list', { name: 'Flags' });
    const flags = within(flagList);
    expect(flags.getAllByRole('listitem').map((badge) => badge.textContent)).toEqual(['Urgent', 'Replied', 'Approval pending', 'Story']);
    expect(flags.getByText('Replied')).toHaveAttribute('title', 'The journalist replied since our last answer');
    expect(flags.getByText('Story')).toHaveAttribute('title', 'Story: Floods in the north');
    // The layout rule: badges sit in their own cell that wraps, never in one that clips or shrinks them.
    for (const badge of flags.getAllByRole('listitem')) {
      expect(badge).toHaveClass('badge');
      expect(badge.closest('[role="gridcell"]')).toBe(flagList.parentElement);
      expect(badge.closest('[role="rowheader"]')).toBeNull();
    }
    expect(screen.getByRole('rowheader', { name: 'Quiet one' })).not.toHaveClass('queueRowSubjectUnread');
    expect(within(rowOf('Quiet one')).queryByRole('list', { name: 'Flags' })).not.toBeInTheDocument();
  });

  it('asks for the active inquiries by deadline, 100 at a time, and loads the next page as the end nears', async () => {
    const { requests } = queueRoutes((request) =>
      new URL(request.url).searchParams.get('cursor') === 'page-2'
        ? { status: 200, body: { items: [buildQueueItem({ subject: 'Second page inquiry' })], nextCursor: null } }
        : { status: 200, body: { items: [buildQueueItem({ subject: 'First page inquiry' })], nextCursor: 'page-2' } },
    );
    renderApp('/');

    expect(await screen.findByRole('rowheader', { name: 'Second page inquiry' })).toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'First page inquiry' })).toBeInTheDocument();
    const urls = ticketUrls(requests);
    expect(urls.map((url) => url.searchParams.get('cursor'))).toEqual([null, 'page-2']);
    expect(Object.fromEntries(urls[0].searchParams)).toEqual({ status: 'new,open,pending', sort: 'deadline', limit: '100' });
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('renders only a window of rows, however many are loaded', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => buildQueueItem({ subject: `Inquiry number ${i}` }));
    queueRoutes(many);
    renderApp('/');

    await screen.findByRole('rowheader', { name: 'Inquiry number 0' });
    const grid = screen.getByRole('grid', { name: 'Inquiries' });
    const rows = within(grid).getAllByRole('row');
    // The header row plus a viewport (720 px / 56 px) and the overscan, nowhere near 2,000.
    expect(rows.length).toBeLessThan(40);
    expect(rows.at(-1)).toHaveAttribute('aria-rowindex', String(rows.length));
  });

  it('sends every filter to the API and keeps them in the address', async () => {
    const { requests } = queueRoutes((request) => {
      const filtered = new URL(request.url).searchParams.has('q');
      return { status: 200, body: { items: filtered ? [] : [buildQueueItem({ subject: 'Unfiltered inquiry' })], nextCursor: null } };
    });
    const { user, location } = renderApp('/');
    await screen.findByRole('rowheader', { name: 'Unfiltered inquiry' });

    await user.selectOptions(screen.getByLabelText('Status'), 'Pending');
    await user.selectOptions(screen.getByLabelText('Assignee'), 'Unassigned');
    await user.selectOptions(screen.getByLabelText('Priority'), 'Urgent');
    await user.selectOptions(screen.getByLabelText('Channel'), 'Web form');
    await user.click(screen.getByLabelText('Overdue only'));
    await user.type(screen.getByLabelText('Tag'), 'Budget');
    await user.type(screen.getByLabelText('Search'), 'harbour{Enter}');

    expect(await screen.findByText('No inquiries match these filters.')).toBeInTheDocument();
    expect(location().search).toBe('?status=pending&assignee=none&priority=urgent&channel=web&tag=budget&overdue=1&q=harbour');
    const last = ticketUrls(requests).at(-1) as URL;
    // "Overdue only" asks for deadlines before the moment of the request.
    expect(Object.fromEntries(last.searchParams)).toEqual({
      status: 'pending',
      assignee: 'none',
      priority: 'urgent',
      channel: 'web',
      tag: 'budget',
      q: 'harbour',
      sort: 'deadline',
      limit: '100',
      deadlineBefore: NOW,
    });
  });

  it('moves through the queue with j and k and opens the inquiry with Enter', async () => {
    queueRoutes([buildQueueItem({ reference: 'ND-3001', subject: 'First' }), buildQueueItem({ reference: 'ND-3002', subject: 'Second' })], {
      'GET /api/tickets/ND-3002': { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'gone', correlationId: 'c' } },
    });
    const { user, location } = renderApp('/');
    await screen.findByRole('rowheader', { name: 'First' });
    const grid = screen.getByRole('grid', { name: 'Inquiries' });
    expect(grid).toHaveAttribute('aria-activedescendant', rowOf('First').id);

    await user.keyboard('j');
    expect(grid).toHaveFocus();
    expect(grid).toHaveAttribute('aria-activedescendant', rowOf('Second').id);
    await user.keyboard('k');
    expect(grid).toHaveAttribute('aria-activedescendant', rowOf('First').id);
    await user.keyboard('j{Enter}');

    expect(location().pathname).toBe('/tickets/ND-3002');
  });

  it('assigns the current inquiry to me with a, and focuses the search with /', async () => {
    const ticket = buildQueueItem({ reference: 'ND-4001', subject: 'Assign me' });
    const { requests } = queueRoutes([ticket], {
      [`PATCH /api/tickets/${ticket.id}`]: { status: 200, body: { ...ticket, assignee: me, messages: [], events: [] } },
    });
    const { user } = renderApp('/');
    await screen.findByRole('rowheader', { name: 'Assign me' });

    await user.keyboard('a');
    const toast = await screen.findByText('ND-4001 assigned to you.');
    const patch = requests.find((request) => request.method === 'PATCH');
    expect(await patch?.json()).toEqual({ assigneeId: me.id });

    // The toast's Undo gives the inquiry back to nobody, as it was.
    await user.click(within(toast.closest('[data-testid="toast"]') as HTMLElement).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'PATCH')).toHaveLength(2));
    expect(await requests.filter((request) => request.method === 'PATCH')[1].json()).toEqual({ assigneeId: null });
    await waitFor(() => expect(screen.queryByText('ND-4001 assigned to you.')).not.toBeInTheDocument());

    await user.keyboard('/');
    expect(screen.getByLabelText('Search')).toHaveFocus();
    await user.keyboard('a');
    expect(screen.getByLabelText('Search')).toHaveValue('a');
  });

  it('closes the selected inquiries with an outcome in one go', async () => {
    const first = buildQueueItem({ subject: 'Close me' });
    const second = buildQueueItem({ subject: 'Close me too' });
    const keep = buildQueueItem({ subject: 'Keep me' });
    const { requests } = queueRoutes([first, second, keep], {
      [`PATCH /api/tickets/${first.id}`]: { status: 200, body: { ...first, status: 'closed', messages: [], events: [] } },
      [`PATCH /api/tickets/${second.id}`]: { status: 200, body: { ...second, status: 'closed', messages: [], events: [] } },
    });
    const { user } = renderApp('/');
    await screen.findByRole('rowheader', { name: 'Close me' });

    await user.click(within(rowOf('Close me')).getByRole('checkbox', { name: /Select/ }));
    await user.click(within(rowOf('Close me too')).getByRole('checkbox', { name: /Select/ }));
    const bulk = screen.getByRole('region', { name: 'Bulk actions' });
    expect(within(bulk).getByText('2 selected')).toBeInTheDocument();
    expect(within(bulk).getByRole('button', { name: 'Close' })).toBeDisabled();
    await user.selectOptions(within(bulk).getByLabelText('Close with outcome'), 'Statement given');
    await user.click(within(bulk).getByRole('button', { name: 'Close' }));

    await waitFor(() => expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument());
    const patches = requests.filter((request) => request.method === 'PATCH');
    expect(patches.map((request) => new URL(request.url).pathname).sort()).toEqual([`/api/tickets/${first.id}`, `/api/tickets/${second.id}`].sort());
    for (const patch of patches) expect(await patch.json()).toEqual({ status: 'closed', outcome: 'statement_given' });

    // The toast says what happened, and Undo reopens both to the status they had (new → open, the closest allowed).
    const toast = (await screen.findByText('2 inquiries closed.')).closest('[data-testid="toast"]') as HTMLElement;
    await user.click(within(toast).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'PATCH')).toHaveLength(4));
    for (const undo of requests.filter((request) => request.method === 'PATCH').slice(2)) {
      expect(await undo.json()).toEqual({ status: 'open', outcome: null });
    }
  });

  it('says when x selects a row, and undoes it', async () => {
    queueRoutes([buildQueueItem({ reference: 'ND-6001', subject: 'Pick me' })]);
    const { user } = renderApp('/');
    await screen.findByRole('rowheader', { name: 'Pick me' });

    await user.keyboard('x');
    const toast = (await screen.findByText('ND-6001 selected.')).closest('[data-testid="toast"]') as HTMLElement;
    expect(within(rowOf('Pick me')).getByRole('checkbox')).toBeChecked();
    await user.click(within(toast).getByRole('button', { name: 'Undo' }));
    expect(within(rowOf('Pick me')).getByRole('checkbox')).not.toBeChecked();
  });

  it('starts closing the current inquiry with e, asking for the outcome', async () => {
    queueRoutes([buildQueueItem({ reference: 'ND-5001', subject: 'Close with e' })]);
    const { user } = renderApp('/');
    await screen.findByRole('rowheader', { name: 'Close with e' });

    await user.keyboard('e');

    expect(await screen.findByLabelText('Close with outcome')).toHaveFocus();
    expect(within(rowOf('Close with e')).getByRole('checkbox')).toBeChecked();
  });

  it('saves the current filters as a named view for this user', async () => {
    queueRoutes([buildQueueItem({ subject: 'Any' })]);
    const { user, location } = renderApp('/?assignee=me&priority=high');
    await screen.findByRole('rowheader', { name: 'Any' });

    await user.click(screen.getByRole('button', { name: 'Save this view' }));
    await user.type(screen.getByLabelText('Name of the view'), 'My urgent ones{Enter}');

    expect(JSON.parse(window.localStorage.getItem(`newsdesk.savedViews.${me.id}`) ?? '[]')).toEqual([
      { name: 'My urgent ones', search: 'assignee=me&priority=high' },
    ]);
    expect(screen.getByLabelText('Saved view')).toHaveDisplayValue('My urgent ones');

    await user.selectOptions(screen.getByLabelText('Saved view'), 'Default queue');
    expect(location().search).toBe('');
    await user.selectOptions(screen.getByLabelText('Saved view'), 'My urgent ones');
    expect(location().search).toBe('?assignee=me&priority=high');
  });

  it('refreshes when the server says a ticket changed', async () => {
    let subject = 'Before';
    const { requests } = queueRoutes(() => ({ status: 200, body: { items: [buildQueueItem({ subject })], nextCursor: null } }));
    const uninstall = installEventSource();
    renderApp('/');
    await screen.findByRole('rowheader', { name: 'Before' });
    expect(FakeEventSource.latest().url).toBe('/api/events/stream');

    subject = 'After';
    act(() => FakeEventSource.latest().emit('ticket', { ticketId: 't1', reference: 'ND-1', type: 'message.received', actorId: null, at: NOW }));

    expect(await screen.findByRole('rowheader', { name: 'After' })).toBeInTheDocument();
    expect(ticketUrls(requests).length).toBe(2);
    uninstall();
  });
});
