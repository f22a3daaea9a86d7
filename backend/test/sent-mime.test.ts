import type { OutboxItemDto, Page, TicketDetailDto } from '@newsdesk/shared';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { Clock } from '../src/common/clock.js';
import { splitMbox } from '../src/intake/import-files.js';
import { OutboxWorker } from '../src/outbound/outbox.worker.js';
import { CaptureSmtp } from './capture-smtp.js';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import type { HttpClient } from './http-client.js';
import { waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

const UNDO_SECONDS = 300;

describe('what the outbox sent is what it keeps', () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let db: pg.Client;
  let agent: HttpClient;
  let admin: HttpClient;
  let adminToken: string;
  // The app's clock runs with real time plus an offset the tests move forward past the undo window.
  let offset = 0;

  const upload = async (content: string, filename: string) => {
    const response = await agent.post<{ id: string }>('/api/uploads', Buffer.from(content), {
      'content-type': 'application/octet-stream',
      'x-filename': encodeURIComponent(filename),
      'x-content-type': 'application/pdf',
    });
    expect(response.status).toBe(201);
    return response.body.id;
  };
  const outboxRow = async (messageId: string) =>
    (await db.query(`SELECT id, status, last_error FROM outbound_messages WHERE message_id = $1`, [messageId])).rows[0] as {
      id: string;
      status: string;
      last_error: string | null;
    };
  /** The download through the real route, as bytes (a bearer token: no cookie needed for a GET). */
  const download = async (outboxId: string) => {
    const response = await fetch(`${testApp.baseUrl}/api/outbox/${outboxId}/eml`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('message/rfc822');
    return Buffer.from(await response.arrayBuffer());
  };
  const sendDue = () => {
    offset += (UNDO_SECONDS + 1) * 1000;
    testApp.app.get(OutboxWorker).kick();
  };

  beforeAll(async () => {
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url, REPLY_UNDO_SECONDS: String(UNDO_SECONDS) });
    testApp.app.get(Clock).now = () => new Date(Date.now() + offset);
    db = await connectDatabase(testApp);
    await testApp.app.get(OutboxWorker).start();
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ({ client: admin } = await signedInClient(testApp, 'admin'));
    adminToken = (await admin.post<{ token: string }>('/api/auth/tokens', { name: 'eml check' })).body.token;
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
    await capture.stop();
  });

  it('serves the .eml of a sent mail byte for byte as the mail server received it, attachment, Message-ID and Date included', async () => {
    const fileId = await upload('%PDF-1.4 bridge fact sheet', 'Fact sheet é.pdf');
    const created = await agent.post<TicketDetailDto>('/api/tickets/outbound', {
      to: ['jo@daily.example'],
      journalistName: 'Jo Reporter',
      subject: 'Bridge works: the facts',
      body: 'Dear Jo,\n\nThe bridge reopens **on Monday**; the fact sheet is attached.',
      uploadIds: [fileId],
    });
    expect(created.status).toBe(201);
    const messageId = created.body.messages.at(-1)!.id;
    sendDue();
    const [mail] = await waitFor(async () => {
      const found = capture.received.filter((received) => received.parsed.text?.includes('The bridge reopens'));
      return found.length ? found : null;
    }, 'the mail at the capture server');
    const row = await waitFor(async () => {
      const current = await outboxRow(messageId);
      return current.status === 'sent' ? current : null;
    }, 'the outbox row marked sent');

    const eml = await download(row.id);
    expect(mail.parsed.attachments.map((attachment) => attachment.content.toString())).toEqual(['%PDF-1.4 bridge fact sheet']);
    expect(eml.toString('latin1')).toMatch(/^Date: /m);
    expect(eml.equals(mail.raw)).toBe(true);
  });

  it('keeps a mail in flight out of reach of the next claim while the app clock is past the lease', async () => {
    // The receiving server stalls after DATA; the app's clock has moved past now() + the 5-minute lease.
    const held = capture.holdNext('Held by a slow server');
    const created = await agent.post<TicketDetailDto>('/api/tickets/outbound', {
      to: ['kim@slow.example'],
      subject: 'Held by a slow server',
      body: 'Held by a slow server: this mail is in flight.',
    });
    expect(created.status).toBe(201);
    const messageId = created.body.messages.at(-1)!.id;
    offset += 10 * 60 * 1000;
    sendDue();
    await held.arrived;
    const row = await outboxRow(messageId);
    expect(row.status).toBe('sending');
    // The worker's own claim predicate, on the app's clock: a mail in flight must not be due again.
    const { rows } = await db.query(
      `SELECT count(*)::int AS due FROM outbound_messages WHERE id = $1 AND next_attempt_at <= greatest(now(), $2::timestamptz)`,
      [row.id, testApp.app.get(Clock).now()],
    );
    expect(rows[0].due).toBe(0);
    held.release();
    await waitFor(async () => ((await outboxRow(messageId)).status === 'sent' ? true : null), 'the held mail marked sent');
    expect(capture.received.filter((mail) => mail.parsed.text?.includes('this mail is in flight'))).toHaveLength(1);
  });

  it('gives a claimed mail back to the queue untried when a stalled server kept it from starting for a minute, then sends it once', async () => {
    // Six mails claimed in one batch; the stalled server holds the first five, which fill the pool's five connections.
    const markers = Array.from({ length: 6 }, (_, n) => `Stalled batch mail ${n + 1}.`);
    const holds = markers.map((marker) => capture.holdNext(marker));
    const arrived = new Set<number>();
    holds.forEach((hold, index) => void hold.arrived.then(() => arrived.add(index)));
    const { rows: queued } = await db.query<{ id: string }>(
      `INSERT INTO outbound_messages (kind, from_address, to_addresses, subject, text, rfc_message_id)
       SELECT 'notification', 'news@newsdesk.localhost', '[{"name":null,"address":"stall@outlet.example"}]', 'Stalled batch', 'Stalled batch mail ' || g || '.',
              'stalled.' || g || '@newsdesk.localhost'
         FROM generate_series(1, 6) g ORDER BY g RETURNING id`,
    );
    testApp.app.get(OutboxWorker).kick();
    await waitFor(async () => arrived.size === 5, 'five mails held by the stalled server');
    const waiting = markers.findIndex((_, index) => !arrived.has(index));
    const rowOf = async (index: number) =>
      (await db.query(`SELECT status, attempts FROM outbound_messages WHERE id = $1`, [queued[index].id])).rows[0] as { status: string; attempts: number };
    // Claimed with the others, waiting for a connection.
    expect(await rowOf(waiting)).toEqual({ status: 'sending', attempts: 1 });
    // Two minutes pass on the app's clock, which the lease runs on; then the server answers the five.
    offset += 2 * 60 * 1000;
    for (const index of arrived) holds[index].release();
    await holds[waiting].arrived;
    // The sixth went out only after its batch was recorded: it was given back and claimed again, not sent late on an old claim.
    expect(await Promise.all(markers.map((_, index) => (index === waiting ? null : rowOf(index))))).toEqual(
      markers.map((_, index) => (index === waiting ? null : { status: 'sent', attempts: 1 })),
    );
    holds[waiting].release();
    await waitFor(async () => ((await rowOf(waiting)).status === 'sent' ? true : null), 'the given-back mail sent');
    expect(await rowOf(waiting)).toEqual({ status: 'sent', attempts: 1 });
    const texts = capture.received.filter((mail) => mail.parsed.subject === 'Stalled batch').map((mail) => mail.parsed.text?.trim());
    expect(texts.sort()).toEqual([...markers].sort());
  });

  it('fails a mail whose attachment bytes are gone, says which file on the ticket and in the outbox, and sends nothing', async () => {
    const fileId = await upload('%PDF-1.4 vanished annex', 'Annex.pdf');
    const created = await agent.post<TicketDetailDto>('/api/tickets/outbound', {
      to: ['sam@weekly.example'],
      subject: 'Annex for your story',
      body: 'The annex with the figures is attached (missing blob check).',
      uploadIds: [fileId],
    });
    expect(created.status).toBe(201);
    const messageId = created.body.messages.at(-1)!.id;
    const deleted = await db.query(`DELETE FROM attachment_blobs WHERE key IN (SELECT storage_key FROM attachments WHERE message_id = $1)`, [messageId]);
    expect(deleted.rowCount).toBe(1);

    sendDue();
    const row = await waitFor(async () => {
      const current = await outboxRow(messageId);
      return current.status === 'failed' ? current : null;
    }, 'the outbox row marked failed');
    expect(row.last_error).toBe(
      'Not sent: the attachment "Annex.pdf" is missing from storage (its stored bytes are gone). Nothing was sent; send the reply again with the file attached.',
    );
    expect(capture.received.filter((received) => received.raw.includes('missing blob check'))).toHaveLength(0);

    const ticket = (await agent.get<TicketDetailDto>(`/api/tickets/${created.body.id}`)).body;
    expect(ticket.messages.at(-1)?.delivery).toMatchObject({ status: 'failed', error: row.last_error });
    expect(ticket.events.find((event) => event.type === 'delivery.failed')?.after).toMatchObject({ reason: row.last_error });
    const outbox = await admin.get<Page<OutboxItemDto>>('/api/outbox?status=failed');
    expect(outbox.body.items.find((item) => item.id === row.id)).toMatchObject({ status: 'failed', lastError: row.last_error });
    // Nothing was stored as sent, so the download is the composed preview, not a copy of a sent mail.
    expect((await db.query(`SELECT 1 FROM outbound_sent_mime WHERE outbound_message_id = $1`, [row.id])).rowCount).toBe(0);
  });

  it('drops the sent bytes when the journalist is erased, so the download no longer carries their address', async () => {
    const [row] = (
      await db.query(
        `SELECT o.id, t.journalist_id FROM outbound_messages o JOIN tickets t ON t.id = o.ticket_id WHERE o.subject LIKE 'Bridge works: the facts%' AND o.status = 'sent'`,
      )
    ).rows as { id: string; journalist_id: string }[];
    expect((await download(row.id)).toString('latin1')).toContain('jo@daily.example');
    const erased = await admin.post(`/api/journalists/${row.journalist_id}/erase`, { confirm: 'jo@daily.example' });
    expect(erased.status).toBe(200);
    const eml = (await download(row.id)).toString('latin1');
    expect(eml).not.toContain('jo@daily.example');
    expect(eml).not.toContain('Jo Reporter');
  });
});

describe('without SMTP, the outbox folder holds what the download serves', () => {
  it("appends to the day's mbox the same bytes the outbox keeps as sent", async () => {
    const testApp = await createTestApp();
    try {
      await testApp.app.get(OutboxWorker).start();
      const { client: agent } = await signedInClient(testApp, 'agent');
      const { client: admin } = await signedInClient(testApp, 'admin');
      const token = (await admin.post<{ token: string }>('/api/auth/tokens', { name: 'eml check' })).body.token;
      const created = await agent.post<TicketDetailDto>('/api/tickets/outbound', { to: ['kim@daily.example'], subject: 'Folder copy', body: 'Line one.\n\nLine two.' });
      expect(created.status).toBe(201);
      const folder = join(testApp.config.DATA_DIR, 'outbox');
      const row = await waitFor(async () => {
        const page = (await admin.get<Page<OutboxItemDto>>('/api/outbox?status=sent')).body;
        return page.items.find((item) => item.subject.startsWith('Folder copy'));
      }, 'the mail marked sent');
      const download = await fetch(`${testApp.baseUrl}/api/outbox/${row.id}/eml`, { headers: { authorization: `Bearer ${token}` } });
      const sent = Buffer.from(await download.arrayBuffer());
      // Appended before the row is marked sent: the file holds it now.
      const [file] = readdirSync(folder);
      expect(file).toMatch(/^\d{4}-\d{2}-\d{2}\.mbox$/);
      expect(row.response).toBe(`written to outbox/${file}`);
      expect(splitMbox(readFileSync(join(folder, file))).filter((mail) => mail.equals(sent))).toHaveLength(1);
    } finally {
      await testApp.close();
    }
  });
});
