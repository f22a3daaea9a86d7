import { CSRF_HEADER } from '@newsdesk/shared';
import { screen } from '@testing-library/react';
import { buildSession, buildUser } from '../test/factories';
import { errorReply, stubFetch } from '../test/fetch-stub';
import { renderApp } from '../test/render-app';

describe('app routes', () => {
  it('sends a visitor without a session to sign in, remembering where they were going', async () => {
    stubFetch({ 'GET /api/auth/session': errorReply(401, 'Not signed in') });
    const { location } = renderApp('/?status=open');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(`${location().pathname}${location().search}`).toBe('/signin?next=%2F%3Fstatus%3Dopen');
  });

  it('returns to sign in when an API call answers 401 mid-session', async () => {
    stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession() },
      'GET /api/tickets': errorReply(401, 'Session expired'),
    });
    const { location } = renderApp('/?q=budget');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(`${location().pathname}${location().search}`).toBe('/signin?next=%2F%3Fq%3Dbudget');
  });

  it('shows the signed-in user and signs out with the CSRF token', async () => {
    const session = buildSession({ user: buildUser({ name: 'Grace Hopper' }), csrfToken: 'csrf-signed-in' });
    const { requests } = stubFetch({
      'GET /api/auth/session': { status: 200, body: session },
      'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
      'POST /api/auth/logout': { status: 204 },
    });
    const { user, location } = renderApp('/');

    expect(await screen.findByText('Grace Hopper')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(location().pathname).toBe('/signin');
    const logoutRequest = requests.find((request) => request.url.endsWith('/api/auth/logout'));
    expect(logoutRequest?.headers.get(CSRF_HEADER)).toBe('csrf-signed-in');
  });

  it('shows a not-found page for unknown addresses', async () => {
    stubFetch({});
    renderApp('/no/such/page');

    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the queue' })).toHaveAttribute('href', '/');
  });
});
