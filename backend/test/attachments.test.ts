import type { TicketDetailDto } from '@newsdesk/shared';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AttachmentStorage } from '../src/attachments/attachment-storage.js';
import { Attachment } from '../src/attachments/attachment.entity.js';
import { signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('attachments', () => {
  let testApp: TestApp;
  let agent: HttpClient;
  let attachmentId: string;
  const bytes = Buffer.from('<html><script>alert(1)</script></html>');

  beforeAll(async () => {
    testApp = await createTestApp();
    ({ client: agent } = await signedInClient(testApp));
    const { body: ticket } = await agent.post<TicketDetailDto>('/api/tickets', { subject: 'Files', text: 'See attached' });
    const storage = testApp.app.get(AttachmentStorage);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await storage.put(sha256, bytes);
    await storage.put(sha256, bytes);
    const saved = await testApp.app.get(DataSource).getRepository(Attachment).save({
      messageId: ticket.messages[0].id,
      filename: 'Résumé "final".html',
      contentType: 'text/html',
      size: bytes.length,
      sha256,
      storageKey: sha256,
    });
    attachmentId = saved.id;
  });
  afterAll(() => testApp.close());

  it('stores bytes once per content hash and reads them back', async () => {
    const storage = testApp.app.get(AttachmentStorage);
    const key = createHash('sha256').update(bytes).digest('hex');
    expect(await storage.get(key)).toEqual(bytes);
    const [{ count }] = await testApp.app.get(DataSource).query('SELECT count(*)::int AS count FROM attachment_blobs');
    expect(count).toBe(1);
    expect(await storage.get('missing')).toBeNull();
  });

  it('serves an attachment as an inert download with its exact name', async () => {
    const response = await agent.get(`/api/attachments/${attachmentId}`);
    expect(response.status).toBe(200);
    expect(response.body).toBe(bytes.toString());
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="R_sum_ _final_.html"; filename*=UTF-8''${encodeURIComponent('Résumé "final".html')}`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('answers 401 to anonymous callers, 404 to unknown ids and 400 to ids that are not uuids', async () => {
    expect((await new HttpClient(testApp.baseUrl).get(`/api/attachments/${attachmentId}`)).status).toBe(401);
    expect((await agent.get('/api/attachments/6f1c2d3e-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await agent.get('/api/attachments/..%2F..%2Fetc%2Fpasswd')).status).toBe(400);
  });
});
