import { screen } from '@testing-library/react';
import { buildSession, buildUser } from '../../../test/factories';
import { errorReply, stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

async function fillIn(user: ReturnType<typeof renderApp>['user'], password: string) {
  await user.type(await screen.findByLabelText('Name'), 'Ada Admin');
  await user.type(screen.getByLabelText('Email'), 'ada@press.example');
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Create admin account' }));
}

describe('SetupPage', () => {
  it('creates the first admin with the token from the link and opens the queue', async () => {
    const session = buildSession({ user: buildUser({ name: 'Ada Admin', role: 'admin' }) });
    const { requests } = stubFetch({
      'GET /api/setup/status': { status: 200, body: { needed: true } },
      'POST /api/setup': { status: 201, body: session },
      'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
    });
    const { user, location } = renderApp('/setup?token=one-time-token');

    await fillIn(user, 'a long enough password');

    expect(await screen.findByRole('heading', { name: 'Queue' })).toBeInTheDocument();
    expect(location().pathname).toBe('/');
    expect(screen.getByText('Ada Admin')).toBeInTheDocument();
    const setupRequest = requests.find((request) => request.method === 'POST');
    expect(await setupRequest?.json()).toEqual({
      token: 'one-time-token',
      name: 'Ada Admin',
      email: 'ada@press.example',
      password: 'a long enough password',
    });
  });

  it('puts the server’s validation messages next to their fields', async () => {
    stubFetch({
      'GET /api/setup/status': { status: 200, body: { needed: true } },
      'POST /api/setup': errorReply(400, 'Validation failed', [
        { field: 'password', messages: ['password is too common'] },
      ]),
    });
    const { user } = renderApp('/setup?token=one-time-token');

    await fillIn(user, 'password1234');

    expect(await screen.findByRole('alert')).toHaveTextContent('Validation failed');
    const password = screen.getByLabelText('Password');
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password).toHaveAccessibleDescription('At least 12 characters, nothing easy to guess; a few unrelated words work well. password is too common');
  });

  it('asks for the setup link when the token is missing', async () => {
    stubFetch({ 'GET /api/setup/status': { status: 200, body: { needed: true } } });
    renderApp('/setup');

    expect(await screen.findByText(/Open the setup link/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
  });

  it('points to sign-in once setup is done', async () => {
    stubFetch({ 'GET /api/setup/status': { status: 200, body: { needed: false } } });
    renderApp('/setup?token=one-time-token');

    expect(await screen.findByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/signin');
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
  });
});
