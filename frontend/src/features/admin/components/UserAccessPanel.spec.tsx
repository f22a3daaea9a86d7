import type { ActiveSessionDto, ApiTokenDto } from '@newsdesk/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { buildSession, buildUser } from '../../../test/factories';
import { errorReply, stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const admin = buildUser({ role: 'admin', name: 'Ada Admin' });
const sam = buildUser({ name: 'Sam Press' });
const samSession: ActiveSessionDto = {
  id: 'b0000000-0000-4000-8000-000000000001',
  createdAt: '2026-12-01T08:00:00.000Z',
  lastSeenAt: '2026-12-01T09:00:00.000Z',
  expiresAt: '2026-12-01T20:00:00.000Z',
  ip: '203.0.113.50',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
  current: false,
};
const samToken: ApiTokenDto = { id: 'c0000000-0000-4000-8000-000000000001', name: 'CMS import', prefix: 'nd_abcdefg', createdAt: '2026-11-01T08:00:00.000Z', lastUsedAt: null, revokedAt: null };

function stubAdmin(extra: Parameters<typeof stubFetch>[0] = {}) {
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: buildSession({ user: admin }) },
    'GET /api/users': { status: 200, body: [admin, sam] },
    [`GET /api/users/${sam.id}/sessions`]: { status: 200, body: [samSession] },
    [`GET /api/users/${sam.id}/tokens`]: { status: 200, body: [samToken] },
    ...extra,
  });
}

async function openSignIns(user: ReturnType<typeof renderApp>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Sign-ins of Sam Press' }));
  return (await screen.findByRole('heading', { name: 'Sign-ins of Sam Press' })).closest('section') as HTMLElement;
}

describe("admin: a user's sign-ins", () => {
  it("shows another user's sessions and tokens and ends or revokes them", async () => {
    const { requests } = stubAdmin({
      [`DELETE /api/users/${sam.id}/sessions/${samSession.id}`]: { status: 204 },
      [`DELETE /api/users/${sam.id}/tokens/${samToken.id}`]: { status: 204 },
    });
    const { user } = renderApp('/admin/users');
    const panel = await openSignIns(user);

    expect(await within(panel).findByText('Chrome on Windows')).toBeInTheDocument();
    expect(within(panel).getByText('CMS import')).toBeInTheDocument();
    expect(within(panel).queryByText('this browser')).not.toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: 'End session on Chrome on Windows from 203.0.113.50' }));
    await user.click(within(panel).getByRole('button', { name: 'Revoke CMS import' }));
    await waitFor(() =>
      expect(requests.filter((request) => request.method === 'DELETE').map((request) => new URL(request.url).pathname)).toEqual([
        `/api/users/${sam.id}/sessions/${samSession.id}`,
        `/api/users/${sam.id}/tokens/${samToken.id}`,
      ]),
    );
  });

  it("resets a password and shows the server's reasons when it is too easy to guess", async () => {
    const reasons = ['This password is too easy to guess (rated weak, 1 of 4; at least 3 is needed).', 'This is similar to a commonly used password.'];
    let attempts = 0;
    const { requests } = stubAdmin({
      [`PATCH /api/users/${sam.id}`]: () =>
        ++attempts === 1 ? errorReply(400, `password: ${reasons.join(' ')}`, [{ field: 'password', messages: reasons }]) : { status: 200, body: sam },
    });
    const { user } = renderApp('/admin/users');
    const panel = await openSignIns(user);

    await user.type(within(panel).getByLabelText('New password'), 'password1234');
    await user.click(within(panel).getByRole('button', { name: 'Reset password' }));
    const field = within(panel).getByLabelText('New password');
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    // Read out with the field: every reason the server gave.
    expect(field).toHaveAccessibleDescription(expect.stringContaining(reasons[0]));
    expect(field).toHaveAccessibleDescription(expect.stringContaining(reasons[1]));

    await user.clear(within(panel).getByLabelText('New password'));
    await user.type(within(panel).getByLabelText('New password'), 'ocean marble quiet lantern');
    await user.click(within(panel).getByRole('button', { name: 'Reset password' }));
    expect(await within(panel).findByText('Password reset. Sam Press is signed out everywhere.')).toBeInTheDocument();
    const patches = requests.filter((request) => request.method === 'PATCH');
    expect(await patches[1].json()).toEqual({ password: 'ocean marble quiet lantern' });
  });

  it('unlocks an account locked by failed sign-ins', async () => {
    const { requests } = stubAdmin({ [`DELETE /api/users/${sam.id}/lockout`]: { status: 204 } });
    const { user } = renderApp('/admin/users');
    const panel = await openSignIns(user);

    await user.click(within(panel).getByRole('button', { name: 'Unlock' }));
    expect(await within(panel).findByText('Unlocked. Sam Press can sign in again now.')).toBeInTheDocument();
    expect(requests.filter((request) => request.method === 'DELETE').map((request) => new URL(request.url).pathname)).toEqual([`/api/users/${sam.id}/lockout`]);
  });

  it('resets two-factor only after a confirmation, and a cancel sends nothing', async () => {
    const { requests } = stubAdmin({ [`DELETE /api/users/${sam.id}/two-factor`]: { status: 204 } });
    const { user } = renderApp('/admin/users');
    const panel = await openSignIns(user);
    const deletes = () => requests.filter((request) => request.method === 'DELETE');

    await user.click(within(panel).getByRole('button', { name: 'Reset two-factor…' }));
    expect(within(panel).getByRole('group', { name: 'Confirm two-factor reset' })).toHaveTextContent('Turn off two-factor sign-in for Sam Press?');
    await user.click(within(panel).getByRole('button', { name: 'Cancel' }));
    expect(deletes()).toHaveLength(0);

    await user.click(within(panel).getByRole('button', { name: 'Reset two-factor…' }));
    await user.click(within(panel).getByRole('button', { name: 'Yes, reset two-factor' }));
    expect(await within(panel).findByText('Two-factor sign-in of Sam Press is reset.')).toBeInTheDocument();
    expect(deletes().map((request) => new URL(request.url).pathname)).toEqual([`/api/users/${sam.id}/two-factor`]);
  });

  it("shows the server's answer when the user has no two-factor to reset", async () => {
    stubAdmin({ [`DELETE /api/users/${sam.id}/two-factor`]: errorReply(404, 'This user has no two-factor sign-in to reset') });
    const { user } = renderApp('/admin/users');
    const panel = await openSignIns(user);
    await user.click(within(panel).getByRole('button', { name: 'Reset two-factor…' }));
    await user.click(within(panel).getByRole('button', { name: 'Yes, reset two-factor' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent('This user has no two-factor sign-in to reset');
  });
});
