import type { UserRole } from '@newsdesk/shared';
import { screen, within } from '@testing-library/react';
import { buildSession, buildUser } from '../../test/factories';
import { errorReply, stubFetch } from '../../test/fetch-stub';
import { renderApp } from '../../test/render-app';

const sam = buildUser({ name: 'Sam Press' });

function signedInAs(role: UserRole, extra: Parameters<typeof stubFetch>[0] = {}) {
  const user = buildUser({ role, name: `A ${role}` });
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: buildSession({ user }) },
    'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/users': { status: 200, body: [user, sam] },
    'GET /api/outlets': { status: 200, body: { items: [], nextCursor: null } },
    ...extra,
  });
}

describe('admin pages by role', () => {
  it('shows an agent no admin navigation, and no admin page even by address', async () => {
    const { requests } = signedInAs('agent');
    renderApp('/admin/users');

    expect(await screen.findByRole('heading', { name: 'No access' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { name: 'Admin' })).not.toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Queue' })).toBeInTheDocument();
    expect(requests.some((request) => new URL(request.url).pathname.startsWith('/api/settings'))).toBe(false);
  });

  it.each(['/admin/intake', '/admin/outbox', '/admin/templates', '/admin/mail', '/admin/approval-rules'])('keeps an agent out of %s', async (path) => {
    signedInAs('agent');
    renderApp(path);

    expect(await screen.findByRole('heading', { name: 'No access' })).toBeInTheDocument();
  });

  it('gives a manager the mail sections but not user management', async () => {
    signedInAs('manager', {
      'GET /api/intake/messages': { status: 200, body: { items: [], nextCursor: null } },
    });
    const { location } = renderApp('/admin');

    expect(await screen.findByRole('heading', { name: 'Templates' })).toBeInTheDocument();
    expect(location().pathname).toBe('/admin/templates');
    const adminNav = screen.getByRole('navigation', { name: 'Administration' });
    expect(within(adminNav).getAllByRole('link').map((link) => link.textContent)).toEqual(['Templates', 'Mailboxes', 'Intake log', 'Outbox']);
  });

  it('lets an admin manage users and roles', async () => {
    const { requests } = signedInAs('admin', {
      [`PATCH /api/users/${sam.id}`]: { status: 200, body: { ...sam, role: 'manager' } },
    });
    const { user } = renderApp('/admin/users');

    expect(await screen.findByRole('heading', { name: 'Users and roles' })).toBeInTheDocument();
    const row = (await screen.findByRole('rowheader', { name: 'Sam Press' })).closest('tr') as HTMLElement;
    expect(screen.getByLabelText('Role of A admin')).toBeDisabled();
    await user.selectOptions(within(row).getByLabelText('Role of Sam Press'), 'Manager');

    const patch = requests.find((request) => request.method === 'PATCH');
    expect(new URL(patch?.url ?? 'http://x/').pathname).toBe(`/api/users/${sam.id}`);
    expect(await patch?.json()).toEqual({ role: 'manager' });
  });

  it('lets an admin make a press officer an approver; managers and admins approve by role', async () => {
    const { requests } = signedInAs('admin', {
      [`PATCH /api/users/${sam.id}`]: { status: 200, body: { ...sam, canApprove: true } },
    });
    const { user } = renderApp('/admin/users');

    const approver = await screen.findByRole('checkbox', { name: 'Sam Press Approver' });
    expect(approver).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'A admin Always (by role)' })).toBeDisabled();
    await user.click(approver);

    const patch = requests.find((request) => request.method === 'PATCH');
    expect(await patch?.json()).toEqual({ canApprove: true });
  });

  it('lets an admin add and remove approval rules', async () => {
    const rule = { id: 'r-1', kind: 'topic', value: 'legal', createdAt: '' };
    const { requests } = signedInAs('admin', {
      'GET /api/approval-rules': { status: 200, body: [rule] },
      'POST /api/approval-rules': { status: 201, body: { id: 'r-2', kind: 'outlet_tier', value: 'national', createdAt: '' } },
      'DELETE /api/approval-rules/r-1': { status: 204 },
    });
    const { user } = renderApp('/admin/approval-rules');

    expect(await screen.findByText('Replies on inquiries tagged “legal” need approval')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Needs approval'), 'Inquiries from an outlet tier');
    await user.selectOptions(screen.getByLabelText('Outlet tier'), 'national');
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await user.click(screen.getByRole('button', { name: 'Remove the rule: Replies on inquiries tagged “legal” need approval' }));

    const post = requests.find((request) => request.method === 'POST');
    expect(await post?.json()).toEqual({ kind: 'outlet_tier', value: 'national' });
    expect(requests.some((request) => request.method === 'DELETE' && request.url.endsWith('/api/approval-rules/r-1'))).toBe(true);
  });

  it('explains a 403 from the server instead of showing an empty page', async () => {
    signedInAs('manager', { 'GET /api/intake/messages': errorReply(403, 'Forbidden resource') });
    renderApp('/admin/intake');

    expect(await screen.findByRole('alert')).toHaveTextContent('The intake log could not load. Forbidden resource');
  });

  it('reprocesses a quarantined message (admin)', async () => {
    const { requests } = signedInAs('admin', {
      'GET /api/intake/messages': {
        status: 200,
        body: {
          items: [
            {
              id: 'raw-1',
              door: 'smtp',
              receivedAt: '2025-01-01T09:00:00.000Z',
              processedAt: null,
              from: 'jo@daily.example',
              subject: 'Broken mail',
              size: 100,
              outcome: 'quarantined',
              reason: null,
              error: 'unknown charset',
              attempts: 1,
              messageId: null,
              ticket: null,
              senderAuth: { status: 'failed', reason: 'DMARC fail for daily.example (p=reject)', dmarcPolicy: 'reject' },
            },
          ],
          nextCursor: null,
        },
      },
      'POST /api/intake/messages/raw-1/reprocess': {
        status: 200,
        body: { rawId: 'raw-1', outcome: 'created', ticketId: 't', reference: 'ND-1099', messageId: null, reason: null, error: null },
      },
    });
    const { user } = renderApp('/admin/intake?outcome=quarantined');

    expect(await screen.findByText('Sender failed verification')).toHaveAttribute('title', 'DMARC fail for daily.example (p=reject)');
    await user.click(await screen.findByRole('button', { name: 'Reprocess the message from jo@daily.example' }));

    expect(await screen.findByText('Reprocessed: created (ND-1099).')).toBeInTheDocument();
    expect(requests.find((request) => request.method === 'POST')?.headers.has('x-csrf-token')).toBe(true);
    expect(screen.getByRole('link', { name: 'Raw' })).toHaveAttribute('href', '/api/intake/messages/raw-1/raw');
  });
});
