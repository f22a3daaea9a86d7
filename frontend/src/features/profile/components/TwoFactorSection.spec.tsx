import { screen } from '@testing-library/react';
import { buildSession } from '../../../test/factories';
import { errorReply, stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const profile = { status: 200, body: { id: 'u1', email: 'ada@press.example', name: 'Ada', role: 'agent', signature: null, notifyAssigned: true, notifyReplied: true, notifyApprovals: true } };

describe('two-factor section of the profile', () => {
  it('turns two-factor sign-in off with the password and a code, and says when they are wrong', async () => {
    let enabled = true;
    let attempts = 0;
    const { requests } = stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession() },
      'GET /api/users/me': profile,
      'GET /api/auth/tokens': { status: 200, body: [] },
      'GET /api/calendar/subscription': { status: 200, body: { active: false, prefix: null, createdAt: null, lastUsedAt: null, timeZone: 'Europe/Berlin' } },
      'GET /api/users/me/sessions': { status: 200, body: [] },
      'GET /api/auth/two-factor': () => ({ status: 200, body: { enabled, required: false, enrolmentPending: false, recoveryCodesLeft: enabled ? 7 : 0 } }),
      'DELETE /api/auth/two-factor': () => {
        attempts += 1;
        if (attempts === 1) return errorReply(403, 'Password or code is incorrect');
        enabled = false;
        return { status: 204 };
      },
    });
    const { user } = renderApp('/profile');

    expect(await screen.findByText('On. 7 of 10 recovery codes left.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Your password'), 'wrong password');
    await user.type(screen.getByLabelText('Code from your app or a recovery code'), '111111');
    await user.click(screen.getByRole('button', { name: 'Turn off two-factor sign-in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Password or code is incorrect');

    await user.clear(screen.getByLabelText('Your password'));
    await user.type(screen.getByLabelText('Your password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Turn off two-factor sign-in' }));
    expect(await screen.findByRole('button', { name: 'Set up' })).toBeInTheDocument();
    const last = requests.filter((request) => request.method === 'DELETE').at(-1);
    expect(await last?.json()).toEqual({ password: 'correct horse battery', code: '111111' });
  });

  it('shows ten new recovery codes once for a code from the app', async () => {
    const { requests } = stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession() },
      'GET /api/users/me': profile,
      'GET /api/auth/tokens': { status: 200, body: [] },
      'GET /api/calendar/subscription': { status: 200, body: { active: false, prefix: null, createdAt: null, lastUsedAt: null, timeZone: 'Europe/Berlin' } },
      'GET /api/users/me/sessions': { status: 200, body: [] },
      'GET /api/auth/two-factor': { status: 200, body: { enabled: true, required: false, enrolmentPending: false, recoveryCodesLeft: 1 } },
      'POST /api/auth/two-factor/recovery-codes': { status: 200, body: { recoveryCodes: ['NEWAA-AAAAA', 'NEWBB-BBBBB'] } },
    });
    const { user } = renderApp('/profile');

    await user.type(await screen.findByLabelText('Code from your app'), '246 810');
    await user.click(screen.getByRole('button', { name: 'New recovery codes' }));
    expect(await screen.findByRole('list', { name: 'Recovery codes' })).toHaveTextContent('NEWAA-AAAAA');
    const sent = requests.find((request) => request.url.endsWith('/recovery-codes'));
    expect(await sent?.json()).toEqual({ code: '246810' });

    await user.click(screen.getByRole('button', { name: 'I have saved the codes' }));
    expect(screen.queryByRole('list', { name: 'Recovery codes' })).not.toBeInTheDocument();
  });

  it('offers no way to turn it off when the role requires it', async () => {
    stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession() },
      'GET /api/users/me': profile,
      'GET /api/auth/tokens': { status: 200, body: [] },
      'GET /api/calendar/subscription': { status: 200, body: { active: false, prefix: null, createdAt: null, lastUsedAt: null, timeZone: 'Europe/Berlin' } },
      'GET /api/users/me/sessions': { status: 200, body: [] },
      'GET /api/auth/two-factor': { status: 200, body: { enabled: true, required: true, enrolmentPending: false, recoveryCodesLeft: 10 } },
    });
    renderApp('/profile');

    expect(await screen.findByText('Your role must use two-factor sign-in, so it cannot be turned off.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Turn off two-factor sign-in' })).not.toBeInTheDocument();
  });
});
