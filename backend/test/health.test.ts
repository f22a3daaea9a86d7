import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('health', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('reports the app and the database as up without authentication', async () => {
    const response = await new HttpClient(testApp.baseUrl).get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', database: { status: 'up' } });
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
