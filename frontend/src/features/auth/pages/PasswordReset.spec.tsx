import { screen, waitFor } from '@testing-library/react';
import { errorReply, stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

describe('forgot password', () => {
  it('leads from sign-in to the request form and shows the server’s one answer', async () => {
    const { requests } = stubFetch({
      'POST /api/auth/password-reset-requests': { status: 202, body: { message: 'If an account uses ada@press.example, a link is on its way there.' } },
    });
    const { user, location } = renderApp('/signin');

    await user.click(screen.getByRole('link', { name: 'Forgot password?' }));
    expect(location().pathname).toBe('/forgot-password');
    await user.type(screen.getByLabelText('Email'), 'ada@press.example');
    await user.click(screen.getByRole('button', { name: 'Email me a link' }));

    expect(await screen.findByRole('status')).toHaveTextContent('If an account uses ada@press.example, a link is on its way there.');
    expect(screen.queryByLabelText('Email')).not.toBeInTheDocument();
    const sent = requests.find((request) => request.url.endsWith('/api/auth/password-reset-requests'));
    expect(await sent?.json()).toEqual({ email: 'ada@press.example' });
    expect(sent?.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('says so when the network asked too often', async () => {
    stubFetch({ 'POST /api/auth/password-reset-requests': errorReply(429, 'Too many password reset requests from your network. Try again in 12 minutes.') });
    const { user } = renderApp('/forgot-password');
    await user.type(screen.getByLabelText('Email'), 'ada@press.example');
    await user.click(screen.getByRole('button', { name: 'Email me a link' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 12 minutes.');
  });
});

describe('choosing a new password from the link', () => {
  it('sends the token from the fragment with the new password and offers sign-in, mentioning two-factor', async () => {
    const { requests } = stubFetch({ 'POST /api/auth/password-resets': { status: 204 } });
    const { user, location } = renderApp(`/reset-password#token=${TOKEN}`);
    // The token leaves the address bar as soon as the page has read it.
    await waitFor(() => expect(location().hash).toBe(''));

    await user.type(screen.getByLabelText('New password'), 'lantern orchard pebble quietly');
    await user.type(screen.getByLabelText('New password again'), 'lantern orchard pebble quietly');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Your password is changed, and you are signed out everywhere.');
    expect(screen.getByRole('status')).toHaveTextContent('you will still be asked for your code');
    expect(screen.getByRole('link', { name: 'Sign in with the new password' })).toHaveAttribute('href', '/signin');
    const sent = requests.find((request) => request.url.endsWith('/api/auth/password-resets'));
    expect(await sent?.json()).toEqual({ token: TOKEN, password: 'lantern orchard pebble quietly' });
  });

  it('does not send two different passwords', async () => {
    const { requests } = stubFetch({});
    const { user } = renderApp(`/reset-password#token=${TOKEN}`);
    await user.type(screen.getByLabelText('New password'), 'lantern orchard pebble quietly');
    await user.type(screen.getByLabelText('New password again'), 'lantern orchard pebble quiet');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(await screen.findByText('The two passwords are not the same.')).toBeInTheDocument();
    expect(requests).toHaveLength(0);
  });

  it("shows the policy's reasons next to the field", async () => {
    stubFetch({
      'POST /api/auth/password-resets': errorReply(400, 'password: too easy to guess', [{ field: 'password', messages: ['This password is too easy to guess.'] }]),
    });
    const { user } = renderApp(`/reset-password#token=${TOKEN}`);
    await user.type(screen.getByLabelText('New password'), 'password1234');
    await user.type(screen.getByLabelText('New password again'), 'password1234');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(await screen.findByText('This password is too easy to guess.')).toBeInTheDocument();
    expect(screen.getByLabelText('New password')).toHaveAttribute('aria-invalid', 'true');
  });

  it('explains a used or expired link and offers a new one', async () => {
    stubFetch({ 'POST /api/auth/password-resets': errorReply(400, 'This reset link is not valid: it was already used, has expired, or a newer one was sent.') });
    const { user } = renderApp(`/reset-password#token=${TOKEN}`);
    await user.type(screen.getByLabelText('New password'), 'lantern orchard pebble quietly');
    await user.type(screen.getByLabelText('New password again'), 'lantern orchard pebble quietly');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('already used');
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot-password');
  });

  it('asks for the mailed link when the page is opened without a token', () => {
    stubFetch({});
    renderApp('/reset-password');
    expect(screen.getByRole('alert')).toHaveTextContent('This page needs the link from the password reset mail.');
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
  });
});
