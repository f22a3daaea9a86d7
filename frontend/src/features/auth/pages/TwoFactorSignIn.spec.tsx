import { CSRF_HEADER, TWO_FACTOR_ENROLMENT_REQUIRED } from '@newsdesk/shared';
import { screen } from '@testing-library/react';
import { buildSession } from '../../../test/factories';
import { errorReply, stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const challenge = { secondFactorRequired: true, challenge: 'challenge-token', expiresAt: '2099-01-01T00:00:00.000Z' };
const emptyQueue = { status: 200, body: { items: [], nextCursor: null } };

async function typePassword(user: ReturnType<typeof renderApp>['user']) {
  await user.type(screen.getByLabelText('Email'), 'ada@press.example');
  await user.type(screen.getByLabelText('Password'), 'correct horse battery');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('two-factor sign-in', () => {
  it('asks for the app code after the password and signs in with the challenge', async () => {
    const session = buildSession();
    const { requests } = stubFetch({
      'POST /api/auth/login': { status: 200, body: challenge },
      'POST /api/auth/login/second-factor': { status: 200, body: session },
      'GET /api/tickets': emptyQueue,
    });
    const { user, location } = renderApp('/signin?next=%2F%3Fstatus%3Dopen');
    await typePassword(user);

    expect(await screen.findByRole('heading', { name: 'Two-factor sign-in' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Code from your authenticator app'), '123 456');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Queue' })).toBeInTheDocument();
    expect(`${location().pathname}${location().search}`).toBe('/?status=open');
    const second = requests.find((request) => request.url.endsWith('/api/auth/login/second-factor'));
    expect(await second?.json()).toEqual({ challenge: 'challenge-token', code: '123456' });
  });

  it('takes a recovery code instead and shows the server’s refusal', async () => {
    const { requests } = stubFetch({
      'POST /api/auth/login': { status: 200, body: challenge },
      'POST /api/auth/login/second-factor': errorReply(401, 'That code is not right, or it was already used'),
    });
    const { user, location } = renderApp('/signin');
    await typePassword(user);

    await user.click(await screen.findByRole('button', { name: 'Use a recovery code instead' }));
    await user.type(screen.getByLabelText('Recovery code'), 'ABCDE-FGHJK');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('That code is not right, or it was already used');
    expect(location().pathname).toBe('/signin');
    const second = requests.find((request) => request.url.endsWith('/api/auth/login/second-factor'));
    expect(await second?.json()).toEqual({ challenge: 'challenge-token', recoveryCode: 'ABCDE-FGHJK' });
  });

  it('sends a session that must set up two-factor sign-in to the setup page, then to the queue with the codes saved', async () => {
    let enrolled = false;
    const { requests } = stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession({ csrfToken: 'csrf-forced' }) },
      'GET /api/tickets': () => (enrolled ? emptyQueue : errorReply(403, TWO_FACTOR_ENROLMENT_REQUIRED)),
      'POST /api/auth/two-factor/enrolment': {
        status: 200,
        body: { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/Newsdesk:ada%40press.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Newsdesk' },
      },
      'POST /api/auth/two-factor/enrolment/confirmation': () => {
        enrolled = true;
        return { status: 200, body: { recoveryCodes: ['AAAAA-BBBBB', 'CCCCC-DDDDD'] } };
      },
      'GET /api/auth/two-factor': { status: 200, body: { enabled: true, required: true, enrolmentPending: false, recoveryCodesLeft: 2 } },
    });
    const { user, location } = renderApp('/');

    expect(await screen.findByRole('heading', { name: 'Set up two-factor sign-in' })).toBeInTheDocument();
    expect(location().pathname).toBe('/two-factor/setup');
    await user.click(screen.getByRole('button', { name: 'Set up two-factor sign-in' }));
    expect(await screen.findByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'QR code for your authenticator app' }).querySelector('path')?.getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
    expect(screen.getByRole('link', { name: 'this setup link' })).toHaveAttribute('href', expect.stringMatching(/^otpauth:\/\/totp\//));

    await user.type(screen.getByLabelText('Code the app shows'), '654321');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    const codes = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(codes).toHaveTextContent('AAAAA-BBBBB');
    expect(codes).toHaveTextContent('CCCCC-DDDDD');
    const confirmation = requests.find((request) => request.url.endsWith('/enrolment/confirmation'));
    expect(confirmation?.headers.get(CSRF_HEADER)).toBe('csrf-forced');
    expect(await confirmation?.json()).toEqual({ code: '654321' });

    await user.click(screen.getByRole('button', { name: 'I have saved the codes' }));
    expect(await screen.findByRole('heading', { name: 'Queue' })).toBeInTheDocument();
    expect(location().pathname).toBe('/');
  });
});
