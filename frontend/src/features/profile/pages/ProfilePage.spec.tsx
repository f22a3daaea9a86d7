import type { ActiveSessionDto, ProfileDto } from '@newsdesk/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { buildSession, buildUser } from '../../../test/factories';
import { errorReply, stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const me = buildUser({ name: 'Dana Desk' });
const profile: ProfileDto = { ...me, signature: null, notifyAssigned: true, notifyReplied: true, notifyApprovals: true };
const session = (overrides: Partial<ActiveSessionDto>): ActiveSessionDto => ({
  id: 'a0000000-0000-4000-8000-000000000001',
  createdAt: '2026-12-01T08:00:00.000Z',
  lastSeenAt: '2026-12-01T09:00:00.000Z',
  expiresAt: '2026-12-01T20:00:00.000Z',
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  current: false,
  ...overrides,
});
const laptop = session({ id: 'a0000000-0000-4000-8000-00000000000a', current: true });
const phone = session({ id: 'a0000000-0000-4000-8000-00000000000b', ip: '198.51.100.4', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Mobile/15E148 Safari/604.1' });
const tablet = session({ id: 'a0000000-0000-4000-8000-00000000000c', ip: '198.51.100.9', userAgent: null });

function stubProfile(sessions: ActiveSessionDto[], extra: Parameters<typeof stubFetch>[0] = {}) {
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: buildSession({ user: me }) },
    'GET /api/users/me': { status: 200, body: profile },
    'GET /api/auth/tokens': { status: 200, body: [] },
    'GET /api/calendar/subscription': { status: 200, body: { active: false, prefix: null, createdAt: null, lastUsedAt: null, timeZone: 'Europe/Berlin' } },
    'GET /api/users/me/sessions': { status: 200, body: sessions },
    ...extra,
  });
}

describe('profile: where you are signed in', () => {
  it('lists your sessions with this browser marked and no way to end it from the list', async () => {
    stubProfile([laptop, phone]);
    renderApp('/profile');

    const list = (await screen.findByRole('heading', { name: 'Where you are signed in' })).closest('section') as HTMLElement;
    const items = await within(list).findAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Firefox on Linux');
    expect(items[0]).toHaveTextContent('this browser');
    expect(within(items[0]).queryByRole('button')).not.toBeInTheDocument();
    expect(items[1]).toHaveTextContent('Safari on iOS');
    expect(items[1]).toHaveTextContent('198.51.100.4');
    expect(items[1]).not.toHaveTextContent('this browser');
  });

  it('ends another session and reloads the list', async () => {
    let sessions = [laptop, phone];
    const { requests } = stubProfile([], {
      'GET /api/users/me/sessions': () => ({ status: 200, body: sessions }),
      [`DELETE /api/users/me/sessions/${phone.id}`]: () => {
        sessions = [laptop];
        return { status: 204 };
      },
    });
    const { user } = renderApp('/profile');

    await user.click(await screen.findByRole('button', { name: 'End session on Safari on iOS from 198.51.100.4' }));

    expect(requests.some((request) => request.method === 'DELETE' && new URL(request.url).pathname === `/api/users/me/sessions/${phone.id}`)).toBe(true);
    await waitFor(() => expect(screen.queryByText('Safari on iOS')).not.toBeInTheDocument());
    expect(screen.getByText('Firefox on Linux')).toBeInTheDocument();
  });

  it('signs out all other sessions at once', async () => {
    const { requests } = stubProfile([laptop, phone, tablet], {
      'DELETE /api/users/me/sessions': { status: 200, body: { ended: 2 } },
    });
    const { user } = renderApp('/profile');

    await user.click(await screen.findByRole('button', { name: 'Sign out all other sessions' }));
    expect(requests.filter((request) => request.method === 'DELETE').map((request) => new URL(request.url).pathname)).toEqual(['/api/users/me/sessions']);
  });
});

describe('profile: changing your password', () => {
  it("sends the current and the new password and shows the server's reasons under the right field", async () => {
    const reasons = ['This password is too easy to guess (rated weak, 1 of 4; at least 3 is needed).', 'This is a commonly used password.'];
    let attempts = 0;
    const { requests } = stubProfile([laptop, phone], {
      'PUT /api/users/me/password': () =>
        ++attempts === 1 ? errorReply(400, `newPassword: ${reasons.join(' ')}`, [{ field: 'newPassword', messages: reasons }]) : { status: 200, body: { sessionsEnded: 1 } },
    });
    const { user } = renderApp('/profile');

    await user.type(await screen.findByLabelText('Current password'), 'correct horse battery staple');
    await user.type(screen.getByLabelText('New password'), 'password1234');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    const field = screen.getByLabelText('New password');
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    expect(field).toHaveAccessibleDescription(expect.stringContaining(reasons[1]));
    expect(screen.getByLabelText('Current password')).not.toHaveAttribute('aria-invalid');

    await user.clear(field);
    await user.type(field, 'ocean marble quiet lantern');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Password changed. 1 other session was signed out.')).toBeInTheDocument();
    const puts = requests.filter((request) => request.method === 'PUT');
    expect(await puts[1].json()).toEqual({ currentPassword: 'correct horse battery staple', newPassword: 'ocean marble quiet lantern' });
  });
});

describe('profile: approval mails', () => {
  it('switches off the mails about approvals and saves it', async () => {
    const { requests } = stubProfile([laptop], {
      'PATCH /api/users/me': { status: 200, body: { ...profile, notifyApprovals: false } },
    });
    const { user } = renderApp('/profile');

    const toggle = await screen.findByRole('switch', { name: 'a reply or statement waits for my approval, or one of mine is approved or rejected' });
    expect(toggle).toBeChecked();
    await user.click(toggle);
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    const sent = requests.find((request) => request.method === 'PATCH' && new URL(request.url).pathname === '/api/users/me');
    expect(await sent?.json()).toMatchObject({ notifyApprovals: false, notifyAssigned: true, notifyReplied: true });
  });
});
