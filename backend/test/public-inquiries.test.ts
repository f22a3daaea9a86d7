import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ErrorBody, PublicInquiryFormDto, TicketDetailDto } from '@newsdesk/shared';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { Clock } from '../src/common/clock.js';
import { createLogger } from '../src/common/logger.js';
import { ConfigError, loadConfig } from '../src/config/app-config.js';
import { AppSecrets } from '../src/config/app-secrets.js';
import { issueFormToken } from '../src/public-inquiries/form-token.js';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { signedInClient } from './factories.js';
import { HttpClient, type HttpResponse } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const FRONTEND_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'frontend', 'dist');

let testApp: TestApp;
let db: pg.Client;
let staff: HttpClient;
let sequence = 0;

beforeAll(async () => {
  testApp = await createTestApp({
    TRUST_PROXY: 'true',
    WEB_FORM_MAX_ATTACHMENTS: '2',
    WEB_FORM_MAX_ATTACHMENT_BYTES: '65536',
    WEB_FORM_MAX_TOTAL_BYTES: '100000',
    WEB_FORM_MAX_PER_IP_PER_HOUR: '3',
    WEB_FORM_MAX_PER_EMAIL_PER_HOUR: '2',
    FORM_FRAME_ANCESTORS: "'self' https://www.example.org",
  });
  db = await connectDatabase(testApp);
  ({ client: staff } = await signedInClient(testApp, 'agent'));
  await db.query(`INSERT INTO outlets (name) VALUES ('The Daily Example')`);
});

afterAll(async () => {
  await db?.end();
  await testApp?.close();
});

/** Each submission comes from its own address and network unless a test says otherwise, so the rate limits stay out of the way. */
function next() {
  sequence += 1;
  return { email: `reporter${sequence}@paper${sequence}.test`, ip: `203.0.113.${sequence}` };
}

/** A token issued as if the page had been open for `ageSeconds`. */
function formToken(ageSeconds = 30): string {
  return issueFormToken(new AppSecrets(testApp.config.APP_SECRET!).webFormKey, new Date(Date.now() - ageSeconds * 1000));
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function validFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Ada Reporter',
    email: next().email,
    outlet: 'The Daily Example',
    phone: '+44 20 7946 0000',
    deadlineDate: inDays(2),
    deadlineTime: '17:30',
    deadlineTimezone: 'Asia/Tokyo',
    requestType: 'interview',
    subject: 'Interview about the new bridge',
    message: 'Could your director speak to us about the bridge closure?\nThanks, Ada',
    token: formToken(),
    ...overrides,
  };
}

interface Upload {
  filename: string;
  content: Buffer;
  type?: string;
}

async function postForm(fields: Record<string, string>, uploads: Upload[] = [], ip = next().ip): Promise<HttpResponse> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const upload of uploads) form.append('attachments', new Blob([upload.content], { type: upload.type ?? 'application/octet-stream' }), upload.filename);
  const response = await fetch(`${testApp.baseUrl}/api/public/inquiries`, { method: 'POST', body: form, headers: { 'x-forwarded-for': ip } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
}

function postJson(body: unknown, ip = next().ip): Promise<HttpResponse> {
  return new HttpClient(testApp.baseUrl).post('/api/public/inquiries', body, { 'x-forwarded-for': ip });
}

async function ticketByReference(reference: string): Promise<TicketDetailDto> {
  const [row] = (await db.query(`SELECT id FROM tickets WHERE 'ND-' || number = $1`, [reference])).rows as { id: string }[];
  const response = await staff.get<TicketDetailDto>(`/api/tickets/${row.id}`);
  expect(response.status).toBe(200);
  return response.body;
}

async function storedFor(email: string) {
  const raw = await db.query(`SELECT 1 FROM raw_messages WHERE from_address = $1 OR bytes::text LIKE '%' || $1 || '%'`, [email]);
  const tickets = await db.query(`SELECT 1 FROM tickets t JOIN journalists j ON j.id = t.journalist_id WHERE j.email = $1`, [email]);
  const outbound = await db.query(`SELECT 1 FROM outbound_messages WHERE to_addresses->0->>'address' = $1`, [email]);
  return { raw: raw.rowCount, tickets: tickets.rowCount, outbound: outbound.rowCount };
}

function fieldMessages(body: ErrorBody): Record<string, string[]> {
  return Object.fromEntries((body.details ?? []).map((detail) => [detail.field, detail.messages]));
}

describe('GET /api/public/inquiries/token', () => {
  it('hands the form page a signed token and the attachment limits without a session', async () => {
    const response = await new HttpClient(testApp.baseUrl).get<PublicInquiryFormDto>('/api/public/inquiries/token');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      token: expect.stringMatching(/^[0-9a-z]+\.[\w-]{16}\.[\w-]{43}$/),
      maxAttachments: 2,
      maxAttachmentBytes: 65536,
      maxTotalBytes: 100000,
      address: 'news@newsdesk.test',
    });
  });
});

describe('POST /api/public/inquiries', () => {
  it('turns a multipart submission into a web ticket with the journalist, outlet, deadline, request type, attachments and an acknowledgement', async () => {
    const fields = validFields();
    const brief = Buffer.from('%PDF-1.4 a short brief\n');
    const response = await postForm(fields, [
      { filename: 'brief.pdf', content: brief, type: 'application/pdf' },
      { filename: '../../etc/photo.jpg', content: Buffer.alloc(2000, 7), type: 'image/jpeg' },
    ]);

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ reference: expect.stringMatching(/^ND-\d+$/), message: expect.stringContaining(response.body.reference) });
    expect(response.body.message).toContain(`emailed an acknowledgement with this reference to ${fields.email}`);

    const ticket = await ticketByReference(response.body.reference);
    expect(ticket).toMatchObject({
      channel: 'web',
      subject: 'Interview about the new bridge',
      requestType: 'interview',
      // 17:30 in Tokyo (UTC+9, no daylight saving) is 08:30 UTC.
      deadlineAt: `${fields.deadlineDate}T08:30:00.000Z`,
      journalist: { name: 'Ada Reporter', email: fields.email },
      outlet: { name: 'The Daily Example' },
    });
    const [first] = ticket.messages;
    expect(first.from).toEqual({ name: 'Ada Reporter', address: fields.email });
    expect(first.text).toContain('Outlet: The Daily Example');
    expect(first.text).toContain('Phone: +44 20 7946 0000');
    expect(first.text).toContain('Could your director speak to us about the bridge closure?');
    expect(first.messageId).toMatch(/^web\.[0-9a-f-]{36}@form\.newsdesk\.test$/);
    expect(first.attachments.map(({ filename, contentType, size }) => ({ filename, contentType, size }))).toEqual([
      { filename: 'brief.pdf', contentType: 'application/pdf', size: brief.length },
      { filename: expect.not.stringContaining('/'), contentType: 'image/jpeg', size: 2000 },
    ]);
    const download = await staff.get<string>(`/api/attachments/${first.attachments[0].id}`);
    expect(download).toMatchObject({ status: 200, body: brief.toString() });

    const acknowledgements = await db.query(
      `SELECT to_addresses->0->>'address' AS address, subject FROM outbound_messages WHERE ticket_id = $1 AND kind = 'acknowledgement'`,
      [ticket.id],
    );
    expect(acknowledgements.rows).toEqual([{ address: fields.email, subject: expect.stringContaining(`[${response.body.reference}]`) }]);
    const [raw] = (await db.query(`SELECT door, outcome, source FROM raw_messages WHERE ticket_id = $1`, [ticket.id])).rows;
    expect(raw).toMatchObject({ door: 'web', outcome: 'created' });
  });

  it('takes JSON without attachments; an outlet it does not know is kept in the message, and no deadline is fine', async () => {
    const fields = validFields({ outlet: 'Freelance', requestType: 'data' });
    delete fields.deadlineDate;
    delete fields.deadlineTime;
    delete fields.phone;
    const response = await postJson(fields);

    expect(response.status).toBe(201);
    const ticket = await ticketByReference(response.body.reference);
    expect(ticket).toMatchObject({ channel: 'web', requestType: 'data', deadlineAt: null, outlet: null });
    expect(ticket.messages[0].text).toContain('Outlet: Freelance');
    expect(ticket.messages[0].text).toContain('Deadline: none given');
    expect(ticket.messages[0].text).not.toContain('Phone:');
  });

  it('answers a resubmitted form (double click, retry after a lost answer) with the same reference and one ticket', async () => {
    const fields = validFields();
    const first = await postForm(fields);
    const again = await postForm(fields);

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.reference).toBe(first.body.reference);
    expect((await storedFor(fields.email)).tickets).toBe(1);
  });

  describe('refuses bad fields with a readable message next to each field', () => {
    it('lists every missing field at once, one message each', async () => {
      const response = await postForm({ token: formToken() });
      const body = expectErrorBody(response, 400);
      expect(fieldMessages(body)).toEqual({
        name: ['Enter your name'],
        email: ['Enter your email address'],
        outlet: ['Enter the outlet you work for, or "Freelance"'],
        requestType: ['Choose the kind of request'],
        subject: ['Enter a subject'],
        message: ['Enter your message'],
      });
    });

    it('refuses a malformed email, a past deadline and an unknown request type', async () => {
      const response = await postForm(validFields({ email: 'ada at paper.test', deadlineDate: inDays(-1), requestType: 'gossip' }));
      const body = expectErrorBody(response, 400);
      expect(fieldMessages(body)).toEqual({
        email: ['Enter an email address in the correct format, like name@example.com'],
        deadlineDate: ['The deadline must be in the future'],
        requestType: ['Choose the kind of request: comment, interview, data, background, other'],
      });
    });

    it("judges the deadline and the form's age on the office's clock, not the machine's", async () => {
      const clock = testApp.app.get(Clock);
      const realNow = clock.now;
      // Three days on: the day-after-tomorrow deadline has passed, and a token issued 30 s before the real now is three days old.
      clock.now = () => new Date(Date.now() + 3 * 86_400_000);
      try {
        const late = await postForm(validFields({ token: formToken(30 - 3 * 86_400) }));
        expect(fieldMessages(expectErrorBody(late, 400))).toEqual({ deadlineDate: ['The deadline must be in the future'] });
        const farAhead = await postForm(validFields({ deadlineDate: inDays(371), token: formToken(30 - 3 * 86_400) }));
        expect(fieldMessages(expectErrorBody(farAhead, 400))).toEqual({ deadlineDate: ['The deadline must be within the next year'] });
        const stale = await postForm(validFields({ deadlineDate: inDays(5) }));
        expect(fieldMessages(expectErrorBody(stale, 400, /opened too long ago/))).toEqual({ token: [expect.stringContaining('Reload the page')] });
      } finally {
        clock.now = realNow;
      }
    });

    it('wants the whole deadline or none of it', async () => {
      const response = await postJson(validFields({ deadlineTime: '', deadlineTimezone: 'Nowhere/Special' }));
      expect(fieldMessages(expectErrorBody(response, 400))).toEqual({
        deadlineTime: ['Enter the deadline time, or leave the whole deadline empty'],
        deadlineTimezone: ['Choose a time zone from the list, such as Europe/London'],
      });
    });

    it('refuses an oversized field with a message, not a crash', async () => {
      const megabyte = 'A'.repeat(1024 * 1024);
      const multipart = await postForm(validFields({ name: megabyte }));
      expect(fieldMessages(expectErrorBody(multipart, 400))).toEqual({ name: ['Name must be 200 characters or fewer'] });

      const longMessage = await postForm(validFields({ message: 'é'.repeat(20_001) }));
      expect(fieldMessages(expectErrorBody(longMessage, 400))).toEqual({ message: ['Message must be 20,000 characters or fewer'] });

      const json = await postJson(validFields({ name: megabyte }));
      expectErrorBody(json, 413, /too large/i);
    });

    it('refuses too many attachments', async () => {
      const file = (name: string) => ({ filename: name, content: Buffer.from(name) });
      const response = await postForm(validFields(), [file('a.txt'), file('b.txt'), file('c.txt')]);
      expect(fieldMessages(expectErrorBody(response, 400))).toEqual({ attachments: ['Attach at most 2 files (you chose 3)'] });
    });

    it('refuses an attachment over the size limit, and attachments over the total', async () => {
      const tooLarge = await postForm(validFields(), [{ filename: 'video.mp4', content: Buffer.alloc(65536 + 1) }]);
      expect(fieldMessages(expectErrorBody(tooLarge, 400))).toEqual({ attachments: ['"video.mp4" is too large: each file can be at most 64 KB'] });

      const together = await postForm(validFields(), [
        { filename: 'one.bin', content: Buffer.alloc(60_000) },
        { filename: 'two.bin', content: Buffer.alloc(60_000) },
      ]);
      expect(fieldMessages(expectErrorBody(together, 400))).toEqual({ attachments: ['The attachments add up to 118 KB; together they can be at most 98 KB'] });
    });

    it('refuses fields the form does not have', async () => {
      const response = await postJson({ ...validFields(), priority: 'urgent' });
      expect(fieldMessages(expectErrorBody(response, 400))).toEqual({ priority: ['property priority should not exist'] });
    });

    it('stores nothing for a refused submission', async () => {
      const fields = validFields({ deadlineDate: inDays(-3) });
      expect((await postForm(fields)).status).toBe(400);
      expect(await storedFor(fields.email)).toEqual({ raw: 0, tickets: 0, outbound: 0 });
    });
  });

  describe('spam protection', () => {
    it('answers a filled honeypot like a success and stores nothing', async () => {
      const fields = validFields({ website: 'https://cheap-pills.example' });
      const response = await postForm(fields);

      expect(response.status).toBe(201);
      expect(response.body).toEqual({ reference: expect.stringMatching(/^ND-\d+$/), message: expect.stringContaining(`emailed an acknowledgement with this reference to ${fields.email}`) });
      expect(await storedFor(fields.email)).toEqual({ raw: 0, tickets: 0, outbound: 0 });
    });

    it('refuses a form sent within seconds of loading the page', async () => {
      const { body } = await new HttpClient(testApp.baseUrl).get<PublicInquiryFormDto>('/api/public/inquiries/token');
      const fields = validFields({ token: body.token });
      const response = await postForm(fields);

      expectErrorBody(response, 400, /too quickly.*Wait a few seconds/);
      expect(await storedFor(fields.email)).toEqual({ raw: 0, tickets: 0, outbound: 0 });
    });

    it('refuses an expired or forged token on the token field, so the page fetches a new one', async () => {
      const expired = await postForm(validFields({ token: formToken(25 * 3600) }));
      expect(fieldMessages(expectErrorBody(expired, 400, /opened too long ago/))).toEqual({ token: [expect.stringContaining('Reload the page')] });

      const forged = issueFormToken(Buffer.alloc(32, 1), new Date(Date.now() - 60_000));
      const response = await postForm(validFields({ token: forged }));
      expect(fieldMessages(expectErrorBody(response, 400))).toEqual({ token: [expect.stringContaining('Reload the page')] });
    });

    it('limits submissions per address across networks, with Retry-After', async () => {
      const { email } = next();
      expect((await postForm(validFields({ email }), [], '198.51.100.1')).status).toBe(201);
      expect((await postForm(validFields({ email, subject: 'Second question' }), [], '198.51.100.2')).status).toBe(201);
      const refused = await postForm(validFields({ email, subject: 'Third question' }), [], '198.51.100.3');

      expectErrorBody(refused, 429, /Too many inquiries have been sent for this email address in the last hour\. Please try again in \d+ minutes?, or email news@newsdesk\.test directly\./);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(3500);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    });

    it('limits submissions per network, counting an IPv6 /64 as one network', async () => {
      const ip = (host: number) => `2001:db8:77:1::${host}`;
      for (const host of [1, 2, 3]) expect((await postForm(validFields(), [], ip(host))).status).toBe(201);
      const refused = await postForm(validFields(), [], ip(4));
      expectErrorBody(refused, 429, /sent from your network/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await postForm(validFields(), [], '2001:db8:77:2::1')).status).toBe(201);
    });

    it('holds the limits across replicas sharing the database', async () => {
      const replica = await startReplica();
      try {
        const { email } = next();
        expect((await postForm(validFields({ email }), [], '198.51.100.21')).status).toBe(201);
        expect((await postForm(validFields({ email, subject: 'Follow-up' }), [], '198.51.100.22')).status).toBe(201);
        const form = new FormData();
        for (const [name, value] of Object.entries(validFields({ email, subject: 'Third' }))) form.append(name, value);
        const response = await fetch(`${replica.baseUrl}/api/public/inquiries`, { method: 'POST', body: form, headers: { 'x-forwarded-for': '198.51.100.23' } });
        expect(response.status).toBe(429);
      } finally {
        await replica.app.close();
      }
    });
  });
});

describe('the /inquiry page', () => {
  const page = join(FRONTEND_DIST, 'inquiry.html');

  beforeAll(() => {
    if (!existsSync(page)) throw new Error(`${page} is missing: run \`npm run build -w frontend\` before the backend tests (the root \`npm test\` does).`);
  });

  it('is served under the strict CSP, framable only by FORM_FRAME_ANCESTORS', async () => {
    for (const path of ['/inquiry', '/inquiry.html']) {
      const response = await fetch(`${testApp.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'self' https://www.example.org");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self';");
      expect(response.headers.get('x-frame-options')).toBeNull();
      expect(await response.text()).toContain('<div id="inquiry-root"');
    }
  });

  it('leaves the dashboard and the API unframable', async () => {
    for (const path of ['/', '/api/health', '/tickets/abc']) {
      const response = await fetch(`${testApp.baseUrl}${path}`);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('does not load the dashboard bundle', () => {
    const scripts = (html: string) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]);
    const formScripts = scripts(readFileSync(page, 'utf8'));
    const dashboardEntry = /<script type="module"[^>]*src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(join(FRONTEND_DIST, 'index.html'), 'utf8'))?.[1];
    expect(formScripts.length).toBeGreaterThan(0);
    expect(formScripts).not.toContain(dashboardEntry);
    // Small chunks shared with the dashboard (constants, the preload helper) are fine; React is not.
    const code = formScripts.map((script) => readFileSync(join(FRONTEND_DIST, script), 'utf8')).join('\n');
    expect(code).not.toMatch(/react\.(transitional\.)?element/);
    expect(code.length).toBeLessThan(40_000);
  });
});

describe('FORM_FRAME_ANCESTORS', () => {
  it('accepts origins and self/none with or without quotes', () => {
    expect(loadConfig({ FORM_FRAME_ANCESTORS: "self https://www.example.org https://*.example.net:8443" }).formFrameAncestors).toBe(
      "'self' https://www.example.org https://*.example.net:8443",
    );
    expect(loadConfig({}).formFrameAncestors).toBe("'self'");
  });

  it('refuses anything that could smuggle another CSP directive', () => {
    expect(() => loadConfig({ FORM_FRAME_ANCESTORS: "https://a.example; script-src 'unsafe-inline'" })).toThrow(ConfigError);
    expect(() => loadConfig({ FORM_FRAME_ANCESTORS: '*' })).toThrow(/FORM_FRAME_ANCESTORS/);
  });
});

async function startReplica(): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
  const config = testApp.config;
  const app = await createApp({ config, secrets: AppSecrets.load(config), logger: createLogger('error'), databaseUrl: testApp.databaseUrl });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  return { app, baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}
