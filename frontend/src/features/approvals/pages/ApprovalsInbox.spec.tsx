import type { ApprovalDto, StatementApprovalDto } from '@newsdesk/shared';
import { act, screen, waitFor, within } from '@testing-library/react';
import { FakeEventSource, installEventSource } from '../../../test/event-source-stub';
import { buildApproval, buildSession, buildUser } from '../../../test/factories';
import { stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const manager = buildUser({ id: 'manager-1', name: 'Mia Manager', role: 'manager' });

function buildStatementApproval(overrides: Partial<StatementApprovalDto> = {}): StatementApprovalDto {
  return {
    statementId: 's-1',
    title: 'Library hours',
    topic: 'libraries',
    versionId: 'v-1',
    version: 1,
    body: 'Opening hours stay as they are.',
    writtenBy: { id: 'writer-1', name: 'Wim Writer' },
    createdAt: '2025-01-01T09:00:00.000Z',
    statementStatus: 'draft',
    ...overrides,
  };
}

let uninstall: () => void;
beforeEach(() => {
  uninstall = installEventSource();
});
afterEach(() => uninstall());

describe('the Approvals inbox', () => {
  it('shows statement drafts beside held replies, approves one through the statements route, and counts only what waits for me', async () => {
    let statements = [buildStatementApproval(), buildStatementApproval({ statementId: 's-2', versionId: 'v-2', title: 'My own draft', writtenBy: { id: manager.id, name: manager.name } })];
    const { requests } = stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession({ user: manager, csrfToken: 'csrf-inbox' }) },
      'GET /api/approvals': { status: 200, body: [buildApproval(), buildApproval({ requestedBy: { id: manager.id, name: manager.name } })] },
      'GET /api/statement-approvals': () => ({ status: 200, body: statements }),
      'POST /api/statements/s-1/versions/v-1/approve': () => {
        statements = statements.filter((statement) => statement.versionId !== 'v-1');
        return { status: 200, body: {} };
      },
    });
    const { user } = renderApp('/approvals');

    const list = await screen.findByRole('list', { name: 'Statements waiting for approval' });
    const card = within(list).getByRole('article', { name: /Library hours/ });
    expect(within(card).getByLabelText('Statement text')).toHaveTextContent('Opening hours stay as they are.');
    expect(card).toHaveTextContent('written by Wim Writer');
    const own = within(list).getByRole('article', { name: /My own draft/ });
    expect(within(own).getByRole('button', { name: 'Approve statement' })).toBeDisabled();
    expect(own).toHaveTextContent('You wrote this version: another manager or admin approves it.');

    // Two replies and two statements are pending, one of each is mine: two wait for me.
    const nav = screen.getByRole('navigation', { name: 'Main' });
    await waitFor(() => expect(within(nav).getByRole('link', { name: /Approvals/ })).toHaveTextContent('Approvals, waiting for you: 2'));

    await user.click(within(card).getByRole('button', { name: 'Approve statement' }));
    expect(await screen.findByText('Approved "Library hours" version 1: it is now the wording sent.')).toBeInTheDocument();
    expect(requests.some((request) => request.method === 'POST' && new URL(request.url).pathname === '/api/statements/s-1/versions/v-1/approve')).toBe(true);
    await waitFor(() => expect(within(nav).getByRole('link', { name: /Approvals/ })).toHaveTextContent('Approvals, waiting for you: 1'));
  });

  it('shows the statement route refusing an approval', async () => {
    stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession({ user: manager, csrfToken: 'csrf-inbox' }) },
      'GET /api/approvals': { status: 200, body: [] },
      'GET /api/statement-approvals': { status: 200, body: [buildStatementApproval()] },
      'POST /api/statements/s-1/versions/v-1/approve': {
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: 'Version 1 was replaced by version 2: approve the latest version', correlationId: 'c-1' },
      },
    });
    const { user } = renderApp('/approvals');
    const card = await screen.findByRole('article', { name: /Library hours/ });
    await user.click(within(card).getByRole('button', { name: 'Approve statement' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent('Version 1 was replaced by version 2');
  });
});

describe('approval notices', () => {
  it('tells an approver when a reply starts waiting, live from the event stream', async () => {
    let approvals: ApprovalDto[] = [];
    stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession({ user: manager, csrfToken: 'csrf-notice' }) },
      'GET /api/approvals': () => ({ status: 200, body: approvals }),
      'GET /api/statement-approvals': { status: 200, body: [] },
      'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
    });
    renderApp('/');
    await screen.findByRole('navigation', { name: 'Main' });
    await waitFor(() => expect(FakeEventSource.created.length).toBeGreaterThan(0));

    approvals = [buildApproval({ ticket: { id: 't-9', reference: 'ND-1009', subject: 'Harbour closure' }, requestedBy: { id: 'agent-1', name: 'Ana Agent' } })];
    act(() => FakeEventSource.latest().emit('ticket', { ticketId: 't-9', reference: 'ND-1009', type: 'approval.requested', actorId: 'agent-1', at: '2025-01-02T10:00:00.000Z' }));

    const notices = await screen.findByRole('region', { name: 'Notifications' });
    expect(await within(notices).findByText('Ana Agent asks you to approve a reply on ND-1009 "Harbour closure".')).toBeInTheDocument();
    expect(within(notices).getByRole('link', { name: 'Open Approvals' })).toHaveAttribute('href', '/approvals');
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: /Approvals/ })).toHaveTextContent('waiting for you: 1');
  });

  it('tells the requester the outcome with the comment, and can be dismissed', async () => {
    const agent = buildUser({ id: 'agent-1', name: 'Ana Agent', role: 'agent', canApprove: false });
    const pending = buildApproval({ ticket: { id: 't-9', reference: 'ND-1009', subject: 'Harbour closure' }, requestedBy: { id: agent.id, name: agent.name } });
    let approvals: ApprovalDto[] = [pending];
    stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession({ user: agent, csrfToken: 'csrf-outcome' }) },
      'GET /api/approvals': () => ({ status: 200, body: approvals }),
      'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
    });
    const { user, queryClient } = renderApp('/');
    await screen.findByRole('navigation', { name: 'Main' });
    await waitFor(() => expect(FakeEventSource.created.length).toBeGreaterThan(0));
    // The first answer is the baseline: an old pending request is not news.
    await waitFor(() => expect(queryClient.getQueryData(['approvals', 'list', 'all'])).toEqual([pending]));
    expect(screen.getByRole('region', { name: 'Notifications' })).not.toHaveTextContent(/./);

    approvals = [{ ...pending, status: 'rejected', decidedBy: { id: 'manager-1', name: 'Mia Manager' }, decidedAt: '2025-01-02T10:00:00.000Z', comment: 'Soften the second line.' }];
    act(() => FakeEventSource.latest().emit('ticket', { ticketId: 't-9', reference: 'ND-1009', type: 'approval.rejected', actorId: 'manager-1', at: '2025-01-02T10:00:00.000Z' }));

    const notices = screen.getByRole('region', { name: 'Notifications' });
    const text = 'Mia Manager rejected your reply on ND-1009. Comment: "Soften the second line."';
    expect(await within(notices).findByText(text)).toBeInTheDocument();
    expect(within(notices).getByRole('link', { name: 'Open ND-1009' })).toHaveAttribute('href', '/tickets/ND-1009');
    await user.click(within(notices).getByRole('button', { name: `Dismiss: ${text}` }));
    expect(within(notices).queryByText(text)).not.toBeInTheDocument();
  });
});
