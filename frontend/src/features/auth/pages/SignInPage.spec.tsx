import { screen, waitFor } from '@testing-library/react';
import { buildSession } from '../../../test/factories';
import { errorReply, stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

describe('SignInPage', () => {
  it('tells the first visitor, while no account exists, where the setup link is', async () => {
    stubFetch({ 'GET /api/setup/status': { status: 200, body: { needed: true } } });
    renderApp('/signin');

    const note = await screen.findByRole('note', { name: 'First run' });
    expect(note).toHaveTextContent('Newsdesk has no accounts yet.');
    expect(note).toHaveTextContent('one-time setup link');
    expect(note).toHaveTextContent('npm start');
    expect(note).toHaveTextContent('docker compose logs app');
  });

  it('says nothing about setup once accounts exist', async () => {
    const { requests } = stubFetch({ 'GET /api/setup/status': { status: 200, body: { needed: false } } });
    renderApp('/signin');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    await waitFor(() => expect(requests.some((request) => request.url.endsWith('/api/setup/status'))).toBe(true));
    expect(screen.queryByRole('note', { name: 'First run' })).not.toBeInTheDocument();
    expect(screen.queryByText(/no accounts yet/)).not.toBeInTheDocument();
  });

  it('shows the lockout message the server sends', async () => {
    stubFetch({ 'POST /api/auth/login': errorReply(429, 'Too many attempts. Try again in 15 minutes.') });
    const { user } = renderApp('/signin');

    await user.type(screen.getByLabelText('Email'), 'ada@press.example');
    await user.type(screen.getByLabelText('Password'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Try again in 15 minutes.');
  });

  it('stays on the page and says why when the credentials are wrong', async () => {
    stubFetch({ 'POST /api/auth/login': errorReply(401, 'Invalid email or password') });
    const { user, location } = renderApp('/signin?next=%2F');

    await user.type(screen.getByLabelText('Email'), 'ada@press.example');
    await user.type(screen.getByLabelText('Password'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password');
    expect(location().pathname).toBe('/signin');
  });

  it('posts the credentials and goes back to next', async () => {
    const session = buildSession();
    const { requests } = stubFetch({
      'POST /api/auth/login': { status: 200, body: session },
      'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
    });
    const { user, location } = renderApp('/signin?next=%2F%3Fstatus%3Dopen');

    await user.type(screen.getByLabelText('Email'), 'ada@press.example');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Queue' })).toBeInTheDocument();
    expect(`${location().pathname}${location().search}`).toBe('/?status=open');
    expect(screen.getByText(session.user.name)).toBeInTheDocument();
    const loginRequest = requests.find((request) => request.url.endsWith('/api/auth/login'));
    expect(await loginRequest?.json()).toEqual({ email: 'ada@press.example', password: 'correct horse battery' });
  });

  it('ignores a next that leads off the site', async () => {
    stubFetch({
      'POST /api/auth/login': { status: 200, body: buildSession() },
      'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
    });
    const { user, location } = renderApp('/signin?next=%2F%2Fevil.example%2Fphish');

    await user.type(screen.getByLabelText('Email'), 'ada@press.example');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Queue' })).toBeInTheDocument();
    expect(location().pathname).toBe('/');
  });
});
