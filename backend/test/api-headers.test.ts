import type { ApiTokenDto } from '@newsdesk/shared';
import { request as httpRequest } from 'node:http';
import { signedInClient } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request whose path goes on the wire exactly as written: fetch would normalise some spellings. */
function rawGet(baseUrl: string, path: string, headers: Record<string, string>): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('API response headers', () => {
  let testApp: TestApp;
  let token: string;
  beforeAll(async () => {
    testApp = await createTestApp();
    const { client } = await signedInClient(testApp, 'admin');
    const created = await client.post<ApiTokenDto>('/api/auth/tokens', { name: 'header probe' });
    token = created.body.token ?? '';
  });
  afterAll(() => testApp.close());

  it.each(['/api/tickets', '/%61pi/tickets', '/%61%70%69/tickets', '/API/tickets', '/Api/tickets', '//api/tickets', '/api//tickets', '/%2Fapi/tickets', '/api/tickets?x=1', '/%61pi/no-such-route'])(
    'answers %s with Cache-Control: no-store, whatever route answers',
    async (path) => {
      const response = await rawGet(testApp.baseUrl, path, { authorization: `Bearer ${token}` });
      expect(response.status).toBeLessThan(500);
      expect({ path, status: response.status, cacheControl: response.headers['cache-control'] }).toEqual({
        path,
        status: response.status,
        cacheControl: 'no-store',
      });
    },
  );

  it('routes a percent-encoded /api path to the API and still marks it no-store', async () => {
    const response = await rawGet(testApp.baseUrl, '/%61pi/tickets', { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toHaveProperty('items');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('leaves non-API paths to the dashboard, without no-store', async () => {
    const response = await rawGet(testApp.baseUrl, '/tickets', {});
    expect(response.headers['cache-control']).not.toBe('no-store');
  });
});
