import type { ApprovalDto } from '@newsdesk/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { buildApproval, buildSession, buildUser } from '../../../test/factories';
import { errorReply, stubFetch, type StubReply } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const approver = buildUser({ name: 'Mia Manager', role: 'manager' });

/** A fake server holding a queue that empties as replies are decided. */
function approvalRoutes(queue: ApprovalDto[], user = approver, extra: Record<string, StubReply | ((request: Request) => StubReply)> = {}) {
  let pending = [...queue];
  const decide = (request: Request) => {
    const id = new URL(request.url).pathname.split('/')[3];
    const decided = pending.find((approval) => approval.id === id);
    pending = pending.filter((approval) => approval.id !== id);
    return { status: 200, body: { ...decided, status: request.url.endsWith('/reject') ? 'rejected' : 'approved' } };
  };
  const routes: Record<string, StubReply | ((request: Request) => StubReply)> = {
    'GET /api/auth/session': { status: 200, body: buildSession({ user, csrfToken: 'csrf-approvals' }) },
    'GET /api/approvals': () => ({ status: 200, body: pending }),
    'GET /api/statement-approvals': { status: 200, body: [] },
  };
  for (const approval of queue) {
    routes[`POST /api/approvals/${approval.id}/approve`] = decide;
    routes[`POST /api/approvals/${approval.id}/reject`] = decide;
  }
  return stubFetch({ ...routes, ...extra });
}

/** matchMedia as a phone-sized screen answers it. */
function phoneScreen(): void {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    writable: true,
    value: (query: string) => ({
      matches: query.includes('max-width'),
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }),
  });
}

afterEach(() => {
  delete (window as { matchMedia?: unknown }).matchMedia;
});

describe('ApprovalsPage', () => {
  it('lists each held reply with its inquiry, journalist and text, and approves it as written', async () => {
    const held = buildApproval({
      ticket: { id: 't-1', reference: 'ND-1042', subject: 'Harbour closure' },
      to: [{ name: 'Maria Lopez', address: 'maria@paper.example' }],
      versions: [{ version: 1, body: 'The harbour reopens on **Monday**.', html: '<p>The harbour reopens on <strong>Monday</strong>.</p>', editedBy: null, createdAt: '2025-01-01T09:00:00.000Z' }],
    });
    const { requests } = approvalRoutes([held, buildApproval()]);
    const { user } = renderApp('/approvals');

    const card = await screen.findByRole('article', { name: /ND-1042 Harbour closure/ });
    expect(within(card).getByRole('link', { name: /ND-1042/ })).toHaveAttribute('href', '/tickets/ND-1042');
    expect(card).toHaveTextContent('Maria Lopez <maria@paper.example>');
    // The approver reads the reply rendered, never its Markdown source.
    const rendered = within(within(card).getByLabelText('Reply text')).getByTitle('Reply text for ND-1042').getAttribute('srcdoc');
    expect(rendered).toContain('The harbour reopens on <strong>Monday</strong>.');
    expect(rendered).not.toContain('**');
    expect(card).toHaveTextContent('every statement needs approval');
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: /Approvals/ })).toHaveTextContent('2');

    await user.click(within(card).getByRole('button', { name: 'Approve and send' }));

    expect(await screen.findByText('Approved ND-1042: the reply is on its way to Maria Lopez.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('article', { name: /ND-1042/ })).not.toBeInTheDocument());
    expect(screen.getByRole('heading', { name: 'Approvals' })).toHaveFocus();
    const approve = requests.find((request) => request.url.endsWith(`/api/approvals/${held.id}/approve`));
    expect(approve?.headers.get('x-csrf-token')).toBe('csrf-approvals');
    expect(await approve?.json()).toEqual({});
  });

  it('approves an edited text, which becomes the version sent', async () => {
    const held = buildApproval({ versions: [{ version: 1, body: 'We deny everything.', html: '<p>We deny everything.</p>', editedBy: null, createdAt: '2025-01-01T09:00:00.000Z' }] });
    const { requests } = approvalRoutes([held]);
    const { user } = renderApp('/approvals');

    const card = await screen.findByRole('article', { name: new RegExp(held.ticket.reference) });
    await user.click(within(card).getByRole('button', { name: 'Edit, then approve' }));
    const text = within(card).getByLabelText('Reply text (Markdown)');
    expect(text).toHaveFocus();
    expect(text).toHaveValue('We deny everything.');
    await user.clear(text);
    await user.type(text, 'We are looking into it.');
    await user.click(within(card).getByRole('button', { name: 'Approve edited reply' }));

    expect(await screen.findByText(`Approved ${held.ticket.reference} with your edits: the reply is on its way to Maria Lopez.`)).toBeInTheDocument();
    expect(await requests.find((request) => request.url.endsWith('/approve'))?.json()).toEqual({ body: 'We are looking into it.' });
  });

  it('rejects only with a comment, which the author gets to see', async () => {
    const held = buildApproval();
    const { requests } = approvalRoutes([held]);
    const { user } = renderApp('/approvals');

    const card = await screen.findByRole('article', { name: new RegExp(held.ticket.reference) });
    await user.click(within(card).getByRole('button', { name: 'Reject' }));
    const comment = within(card).getByLabelText('Why it cannot go out (the author sees this)');
    expect(comment).toHaveFocus();
    expect(within(card).getByRole('button', { name: 'Reject reply' })).toBeDisabled();
    await user.type(comment, 'Legal has not cleared the figures.');
    await user.click(within(card).getByRole('button', { name: 'Reject reply' }));

    expect(await screen.findByText(`Rejected ${held.ticket.reference}: Ana Agent sees your comment on the thread.`)).toBeInTheDocument();
    expect(await requests.find((request) => request.url.endsWith('/reject'))?.json()).toEqual({ comment: 'Legal has not cleared the figures.' });
  });

  it('keeps the held reply in the queue with the server’s reason when approving fails', async () => {
    const held = buildApproval();
    approvalRoutes([held], approver, { [`POST /api/approvals/${held.id}/approve`]: errorReply(409, 'This reply was already rejected') });
    const { user } = renderApp('/approvals');

    const card = await screen.findByRole('article', { name: new RegExp(held.ticket.reference) });
    await user.click(within(card).getByRole('button', { name: 'Approve and send' }));

    expect(await within(card).findByRole('alert')).toHaveTextContent('This reply was already rejected');
  });

  it('does not let anyone approve their own reply', async () => {
    const officer = buildUser({ name: 'Pat Approver', role: 'agent', canApprove: true });
    approvalRoutes([buildApproval({ requestedBy: { id: officer.id, name: officer.name } })], officer);
    renderApp('/approvals');

    const card = await screen.findByRole('article');
    expect(card).toHaveTextContent('You wrote this reply: another approver must sign it off.');
    for (const name of ['Approve and send', 'Edit, then approve', 'Reject']) expect(within(card).getByRole('button', { name })).toBeDisabled();
  });

  it('switches to the phone layout on a phone-sized screen', async () => {
    phoneScreen();
    approvalRoutes([buildApproval()]);
    renderApp('/approvals');

    await screen.findByRole('article');
    expect(screen.getByRole('heading', { name: 'Approvals' }).closest('.approval-queue')).toHaveClass('approval-queue--phone');
  });

  it('keeps the desktop layout on a wide screen', async () => {
    approvalRoutes([buildApproval()]);
    renderApp('/approvals');

    await screen.findByRole('article');
    expect(screen.getByRole('heading', { name: 'Approvals' }).closest('.approval-queue')).not.toHaveClass('approval-queue--phone');
  });

  it('is closed to press officers without the approver right', async () => {
    const { requests } = approvalRoutes([buildApproval()], buildUser({ role: 'agent', canApprove: false }), {
      'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
    });
    renderApp('/approvals');

    expect(await screen.findByRole('heading', { name: 'No access' })).toBeInTheDocument();
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: /Approvals/ })).not.toBeInTheDocument();
    // Only their own requests are read (for outcome notices); the queue of pending replies is not.
    expect(requests.some((request) => request.url.includes('/api/approvals?status=pending'))).toBe(false);
    expect(requests.some((request) => request.url.includes('/api/statement-approvals'))).toBe(false);
  });
});
