import { screen, within } from '@testing-library/react';
import { buildSession, buildTicket, buildUser } from '../../../test/factories';
import { stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const session = buildSession();

describe('QueuePage', () => {
  it('shows a row per inquiry from the API', async () => {
    const assigned = buildTicket({
      reference: 'ND-2001',
      subject: 'Comment on the harbour closure',
      status: 'open',
      journalist: { id: 'j1', name: 'Maria Lopez', email: 'maria@paper.example' },
      outlet: { id: 'o1', name: 'Harbour Gazette' },
      assignee: buildUser({ name: 'Sam Press' }),
      deadlineAt: new Date(Date.now() + 30 * 60_000 + 30_000).toISOString(),
    });
    const unassigned = buildTicket({ reference: 'ND-2002', subject: 'Budget figures', journalist: null, outlet: null });
    stubFetch({
      'GET /api/auth/session': { status: 200, body: session },
      'GET /api/tickets': { status: 200, body: { items: [assigned, unassigned], nextCursor: null } },
    });
    renderApp('/');

    const firstRow = (await screen.findByRole('rowheader', { name: 'Comment on the harbour closure' })).closest('tr');
    const cells = within(firstRow as HTMLElement);
    expect(cells.getByText('ND-2001')).toBeInTheDocument();
    expect(cells.getByText('Maria Lopez')).toBeInTheDocument();
    expect(cells.getByText('Harbour Gazette')).toBeInTheDocument();
    expect(cells.getByText('in 30 min')).toHaveClass('deadline--imminent');
    expect(cells.getByText('Open')).toBeInTheDocument();
    expect(cells.getByText('Sam Press')).toBeInTheDocument();

    const secondRow = screen.getByRole('rowheader', { name: 'Budget figures' }).closest('tr');
    expect(within(secondRow as HTMLElement).getByText('Unassigned')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('loads the next page with the cursor and keeps the rows it has', async () => {
    const { requests } = stubFetch({
      'GET /api/auth/session': { status: 200, body: session },
      'GET /api/tickets': (request) =>
        new URL(request.url).searchParams.get('cursor') === 'page-2'
          ? { status: 200, body: { items: [buildTicket({ subject: 'Second page inquiry' })], nextCursor: null } }
          : { status: 200, body: { items: [buildTicket({ subject: 'First page inquiry' })], nextCursor: 'page-2' } },
    });
    const { user } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Load more' }));

    expect(await screen.findByRole('rowheader', { name: 'Second page inquiry' })).toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'First page inquiry' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    const ticketUrls = requests.filter((request) => request.url.includes('/api/tickets')).map((r) => new URL(r.url));
    expect(ticketUrls.map((url) => url.searchParams.get('cursor'))).toEqual([null, 'page-2']);
  });

  it('asks the API for the chosen status and search, and keeps them in the address', async () => {
    const { requests } = stubFetch({
      'GET /api/auth/session': { status: 200, body: session },
      'GET /api/tickets': (request) => {
        const status = new URL(request.url).searchParams.get('status');
        const items = status === 'pending' ? [] : [buildTicket({ subject: 'Unfiltered inquiry' })];
        return { status: 200, body: { items, nextCursor: null } };
      },
    });
    const { user, location } = renderApp('/');
    await screen.findByRole('rowheader', { name: 'Unfiltered inquiry' });

    await user.selectOptions(screen.getByLabelText('Status'), 'Pending');
    await user.type(screen.getByLabelText('Search'), 'harbour{Enter}');

    expect(await screen.findByText('No inquiries match these filters.')).toBeInTheDocument();
    expect(location().search).toBe('?status=pending&q=harbour');
    expect(screen.getByLabelText('Search')).toHaveFocus();
    const last = new URL(requests[requests.length - 1].url);
    expect(Object.fromEntries(last.searchParams)).toEqual({ status: 'pending', q: 'harbour', sort: 'deadline' });
  });
});
