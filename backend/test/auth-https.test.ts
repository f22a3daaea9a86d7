import { setCookie, setCookies } from './cookies.js';
import { expectErrorBody } from './error-body.js';
import { createUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const COOKIE = '__Host-nd_session';

describe('auth behind an https PUBLIC_URL', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ PUBLIC_URL: 'https://newsdesk.example.org' });
  });
  afterAll(() => testApp.close());

  it('sets a Secure __Host- session cookie that the following requests authenticate with', async () => {
    const user = await createUser(testApp);
    const client = new HttpClient(testApp.baseUrl);
    const login = await client.login(user.email, user.password);

    expect(login.status).toBe(200);
    expect(setCookies(login).map((cookie) => cookie.name)).toEqual([COOKIE]);
    const cookie = setCookie(login, COOKIE);
    expect(cookie.attributes).toMatchObject({ secure: true, httponly: true, samesite: 'Lax', path: '/' });
    // The __Host- prefix is only honoured by browsers without a Domain attribute.
    expect(cookie.attributes.domain).toBeUndefined();
    expect((await client.get('/api/auth/session')).status).toBe(200);
  });

  it('ignores the plain-HTTP cookie name', async () => {
    const user = await createUser(testApp);
    const value = setCookie(await new HttpClient(testApp.baseUrl).login(user.email, user.password), COOKIE).value;

    const response = await new HttpClient(testApp.baseUrl).request('GET', '/api/auth/session', undefined, { cookie: `nd_session=${value}` });
    expectErrorBody(response, 401, 'Sign in to continue');
  });

  it('clears the Secure cookie at logout', async () => {
    const user = await createUser(testApp);
    const client = new HttpClient(testApp.baseUrl);
    await client.login(user.email, user.password);

    const logout = await client.post('/api/auth/logout');
    expect(logout.status).toBe(204);
    const cleared = setCookie(logout, COOKIE);
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toMatchObject({ secure: true, path: '/' });
  });

  it('asks browsers to stay on HTTPS', async () => {
    const response = await new HttpClient(testApp.baseUrl).get('/api/setup/status');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});
