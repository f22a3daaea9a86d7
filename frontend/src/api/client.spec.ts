import { CSRF_HEADER } from '@newsdesk/shared';
import { buildSession } from '../test/factories';
import { errorReply, stubFetch } from '../test/fetch-stub';
import { getSession, login, logout } from './auth';
import { ApiError, describeError, request, send, setCsrfToken } from './client';
import { listTickets } from './tickets';

describe('API client', () => {
  it('sends the CSRF token on POST but not on GET', async () => {
    const { requests } = stubFetch({
      'GET /api/things': { status: 200, body: [] },
      'POST /api/things': { status: 201, body: { id: '1' } },
    });
    setCsrfToken('token-123');

    await request('/api/things');
    await request('/api/things', { method: 'POST', body: { name: 'x' } });

    const [get, post] = requests;
    expect(get.headers.has(CSRF_HEADER)).toBe(false);
    expect(post.headers.get(CSRF_HEADER)).toBe('token-123');
    expect(post.headers.get('content-type')).toBe('application/json');
    expect(post.credentials).toBe('same-origin');
    expect(await post.json()).toEqual({ name: 'x' });
  });

  it('echoes the token of the latest session and forgets it when the session ends', async () => {
    const session = buildSession({ csrfToken: 'from-login' });
    const { requests } = stubFetch({
      'POST /api/auth/login': { status: 200, body: session },
      'POST /api/auth/logout': { status: 204 },
      'GET /api/auth/session': errorReply(401, 'Not signed in'),
    });

    await login({ email: session.user.email, password: 'correct horse battery' });
    await logout();
    expect(requests[1].headers.get(CSRF_HEADER)).toBe('from-login');

    setCsrfToken('stale');
    await expect(getSession()).resolves.toBeNull();
    await send('/api/auth/logout', { method: 'POST' });
    expect(requests[3].headers.has(CSRF_HEADER)).toBe(false);
  });

  it('turns an ErrorBody into an ApiError that carries it', async () => {
    stubFetch({
      'POST /api/setup': errorReply(400, 'Validation failed', [
        { field: 'password', messages: ['password must be at least 12 characters'] },
      ]),
    });

    const error: unknown = await request('/api/setup', { method: 'POST', body: {} }).catch((caught) => caught);

    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.message).toBe('Validation failed');
    expect(apiError.body.correlationId).toBe('test-correlation-id');
    expect(apiError.fieldMessages('password')).toEqual(['password must be at least 12 characters']);
    expect(apiError.fieldMessages('email')).toEqual([]);
  });

  it('gives a readable error when the server answers without an ErrorBody', async () => {
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );

    const error: unknown = await request('/api/tickets').catch((caught) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(502);
    expect(describeError(error)).toBe('The server ran into a problem. Please try again in a moment.');
  });

  it('explains an unreachable server', async () => {
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed'));

    const error: unknown = await request('/api/tickets').catch((caught) => caught);

    expect(describeError(error)).toBe('Could not reach the server. Check your connection and try again.');
  });

  it('lists tickets with only the filters that are set, plus the cursor', async () => {
    const { requests } = stubFetch({ 'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } } });

    await listTickets({ status: ['open', 'pending'], q: '', assignee: 'me', sort: 'deadline' }, 'cursor-2');

    const url = new URL(requests[0].url);
    expect(url.pathname).toBe('/api/tickets');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: 'open,pending',
      assignee: 'me',
      sort: 'deadline',
      cursor: 'cursor-2',
    });
  });
});
