import type { StatementSendResultDto, StatementSummaryDto, StoryDetailDto, StoryTicketDto } from '@newsdesk/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { buildSession, buildTicket, buildUser } from '../../../test/factories';
import { errorReply, stubFetch, type StubReply } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const session = buildSession({ user: buildUser({ name: 'Ana Agent' }), csrfToken: 'csrf-story' });

function storyTicket(reference: string, journalist: string, overrides: Partial<StoryTicketDto> = {}): StoryTicketDto {
  return {
    ...buildTicket({ reference, journalist: { id: `j-${reference}`, name: journalist, email: `${journalist.split(' ')[0].toLowerCase()}@paper.example` } }),
    addedAt: '2025-01-01T09:00:00.000Z',
    lastStatement: null,
    ...overrides,
  };
}

const tickets = [
  storyTicket('ND-1101', 'Jo Reporter', { deadlineAt: '2030-01-01T17:00:00.000Z', status: 'open' }),
  storyTicket('ND-1102', 'Max Writer', { status: 'pending' }),
  storyTicket('ND-1103', 'Eve Columnist'),
  storyTicket('ND-1104', 'Sam Nobody', { journalist: null }),
];

const story: StoryDetailDto = {
  id: 'story-1',
  title: 'Riverside plant fire',
  summary: 'Chemical plant fire, Tuesday morning',
  status: 'open',
  createdBy: null,
  ticketCount: 4,
  openTicketCount: 4,
  earliestDeadlineAt: '2030-01-01T17:00:00.000Z',
  createdAt: '2025-01-01T09:00:00.000Z',
  updatedAt: '2025-01-01T09:00:00.000Z',
  tickets,
};

const statement: StatementSummaryDto = {
  id: '40000000-0000-4000-8000-000000000001',
  title: 'Fire holding line',
  topic: 'fire',
  status: 'approved',
  owner: null,
  reviewBy: '2020-01-01',
  stale: true,
  currentVersion: {
    id: 'v-2',
    version: 2,
    body: 'Crews contained the fire at 9:40. Residents may return home.',
    createdBy: null,
    createdAt: '2025-01-01T09:00:00.000Z',
    approvedBy: { id: 'm-1', name: 'Mia Manager', email: 'mia@press.example' },
    approvedAt: '2025-01-01T09:30:00.000Z',
  },
  pendingVersion: null,
  createdAt: '2025-01-01T09:00:00.000Z',
  updatedAt: '2025-01-01T09:00:00.000Z',
};

const result: StatementSendResultDto = {
  statementId: statement.id,
  statementVersionId: 'v-2',
  version: 2,
  stale: true,
  queued: 1,
  awaitingApproval: 1,
  skipped: 1,
  failed: 1,
  results: [
    { ticketId: tickets[0].id, reference: 'ND-1101', result: 'queued', reason: null, messageId: 'a@newsdesk.test', deliveryId: 'd-1' },
    { ticketId: tickets[1].id, reference: 'ND-1102', result: 'awaiting_approval', reason: 'ND-1102: an approval rule holds this reply until an approver signs it off', messageId: 'b@newsdesk.test', deliveryId: null },
    { ticketId: tickets[2].id, reference: 'ND-1103', result: 'skipped', reason: 'ND-1103 already got version 2 of this statement on 2025-01-01T10:00:00.000Z', messageId: null, deliveryId: null },
    { ticketId: tickets[3].id, reference: 'ND-1104', result: 'failed', reason: 'ND-1104 has no journalist address to send to', messageId: null, deliveryId: null },
  ],
};

function storyRoutes(extra: Record<string, StubReply | (() => StubReply)> = {}) {
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: session },
    'GET /api/stories/story-1': { status: 200, body: story },
    'GET /api/statements': { status: 200, body: { items: [statement], nextCursor: null } },
    'POST /api/stories/story-1/statement': { status: 200, body: result },
    ...extra,
  });
}

describe('StoryPage', () => {
  it('lists the story’s inquiries by deadline with their journalist and status', async () => {
    storyRoutes();
    renderApp('/stories/story-1');

    const table = await screen.findByRole('table', { name: 'Inquiries in this story, soonest deadline first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      expect.stringContaining('ND-1101'),
      expect.stringContaining('ND-1102'),
      expect.stringContaining('ND-1103'),
      expect.stringContaining('ND-1104'),
    ]);
    expect(rows[0]).toHaveTextContent('Jo Reporter');
    expect(rows[1]).toHaveTextContent('Pending');
    expect(screen.getByText('4 open of 4 inquiries')).toBeInTheDocument();
  });

  it('sends an approved statement to all after a confirmation and shows each inquiry’s own result', async () => {
    const { requests } = storyRoutes();
    const { user } = renderApp('/stories/story-1');

    await screen.findByRole('option', { name: 'Fire holding line (review overdue)' });
    await user.selectOptions(screen.getByLabelText('Statement'), 'Fire holding line (review overdue)');
    expect(screen.getByText('Crews contained the fire at 9:40. Residents may return home.')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('After sending'), 'pending');
    await user.click(screen.getByRole('button', { name: 'Send to all 4 inquiries' }));

    expect(screen.getByRole('alert')).toHaveTextContent('Send “Fire holding line” to 3 journalists, each as a separate reply?');
    expect(requests.some((request) => request.method === 'POST')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Yes, send to all' }));

    const results = await screen.findByRole('region', { name: 'Sent “Fire holding line”, version 2' });
    expect(within(results).getByRole('heading', { name: 'Sent “Fire holding line”, version 2' })).toHaveFocus();
    expect(within(results).getByRole('status')).toHaveTextContent('1 sent to the outbox, 1 awaiting approval, 1 skipped, 1 failed.');
    expect(within(results).getByText('This statement is past its review date: sent, but due a review.')).toBeInTheDocument();
    const rows = within(within(results).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent))).toEqual([
      ['ND-1101', 'Jo Reporter', 'Sent to the outbox', ''],
      ['ND-1102', 'Max Writer', 'Awaiting approval', 'ND-1102: an approval rule holds this reply until an approver signs it off'],
      ['ND-1103', 'Eve Columnist', 'Skipped', 'ND-1103 already got version 2 of this statement on 2025-01-01T10:00:00.000Z'],
      ['ND-1104', '—', 'Failed', 'ND-1104 has no journalist address to send to'],
    ]);
    expect(rows[3]).toHaveClass('rowAlert');
    expect(within(rows[0]).getByRole('link', { name: 'ND-1101' })).toHaveAttribute('href', '/tickets/ND-1101');

    const post = requests.find((request) => request.method === 'POST');
    expect(post?.headers.get('x-csrf-token')).toBe('csrf-story');
    expect(await post?.json()).toEqual({ statementId: statement.id, status: 'pending' });
  });

  it('shows why nothing was sent when the server refuses', async () => {
    storyRoutes({ 'POST /api/stories/story-1/statement': errorReply(400, '"Fire holding line" is retired and can no longer be sent') });
    const { user } = renderApp('/stories/story-1');

    await screen.findByRole('option', { name: 'Fire holding line (review overdue)' });
    await user.selectOptions(screen.getByLabelText('Statement'), statement.id);
    await user.click(screen.getByRole('button', { name: 'Send to all 4 inquiries' }));
    await user.click(screen.getByRole('button', { name: 'Yes, send to all' }));

    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('"Fire holding line" is retired and can no longer be sent'));
    expect(screen.queryByRole('region', { name: /Sent/ })).not.toBeInTheDocument();
  });

  it('adds inquiries by reference, and moves them from another story only when asked', async () => {
    let current = story;
    let attempts = 0;
    const { requests } = storyRoutes({
      'GET /api/stories/story-1': () => ({ status: 200, body: current }),
      'POST /api/stories/story-1/tickets': () => {
        attempts += 1;
        if (attempts === 1) return errorReply(409, 'A ticket belongs to one story at most: ND-1200 is in “Bridge”. Remove it there first, or pass move: true');
        current = { ...story, ticketCount: 5, tickets: [...tickets, storyTicket('ND-1200', 'Lee Moved')] };
        return { status: 200, body: current };
      },
    });
    const { user } = renderApp('/stories/story-1');

    await user.type(await screen.findByLabelText('Add inquiries'), 'nd-1200');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('ND-1200 is in “Bridge”');
    await user.click(screen.getByRole('button', { name: 'Move them into this story' }));

    expect(await screen.findByRole('link', { name: /^ND-1200 · / })).toHaveAttribute('href', '/tickets/ND-1200');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Add inquiries')).toHaveValue('');
    const posts = requests.filter((request) => request.method === 'POST');
    expect(await Promise.all(posts.map((request) => request.json()))).toEqual([{ ticketIds: ['ND-1200'] }, { ticketIds: ['ND-1200'], move: true }]);
  });
});
