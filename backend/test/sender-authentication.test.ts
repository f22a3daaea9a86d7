import type { IntakeMessageDto, MessageDto, Page, TicketDetailDto } from '@newsdesk/shared';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { AppSecrets } from '../src/config/app-secrets.js';
import { IntakeService } from '../src/intake/intake.service.js';
import { issueFormToken } from '../src/public-inquiries/form-token.js';
import { connectDatabase } from './database.js';
import { DnsTable } from './dns-table.js';
import { createUser, signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { compose, INTAKE, startMailDoors, waitFor } from './mail.js';
import { SigningDomain } from './signed-mail.js';
import { createTestApp, type TestApp } from './test-app.js';

const TRUSTED_MX = 'mx.newsdesk.test';
/** SPF that never permits the test client (127.0.0.1): DMARC then rests on DKIM alone. */
const SPF_ELSEWHERE = 'v=spf1 ip4:192.0.2.10 -all';

describe('sender authentication and own addresses at the intake', () => {
  const dns = new DnsTable()
    .txt('paper.example', SPF_ELSEWHERE)
    .txt('_dmarc.paper.example', 'v=DMARC1; p=reject')
    .txt('loose.example', SPF_ELSEWHERE)
    .txt('_dmarc.loose.example', 'v=DMARC1; p=none')
    .txt('newsdesk-staff.example', SPF_ELSEWHERE)
    .txt('_dmarc.newsdesk-staff.example', 'v=DMARC1; p=none');
  const paper = new SigningDomain('paper.example', dns);
  const bulkmail = new SigningDomain('bulkmail.example', dns);
  const staffDomain = new SigningDomain('newsdesk-staff.example', dns);

  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let agent: HttpClient;
  let admin: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp({ INTAKE_TRUSTED_AUTHSERV_IDS: TRUSTED_MX }, dns);
    db = await connectDatabase(testApp);
    ({ transport: smtp } = await startMailDoors(testApp));
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ({ client: admin } = await signedInClient(testApp, 'admin'));
  });
  afterAll(async () => {
    smtp.close();
    await db.end();
    await testApp.close();
  });

  const send = (raw: Buffer, from: string) => smtp.sendMail({ envelope: { from, to: INTAKE }, raw });
  const rawFor = (messageId: string) =>
    waitFor(async () => {
      const { rows } = await db.query(
        `SELECT r.id, r.outcome, r.ticket_id, r.reason, r.error, r.from_address, r.sender_auth_status, r.sender_dmarc_policy, length(r.bytes) AS size, t.reference
           FROM raw_messages r LEFT JOIN tickets t ON t.id = r.ticket_id
          WHERE r.message_id = $1 AND r.outcome <> 'pending' ORDER BY r.received_at DESC LIMIT 1`,
        [messageId],
      );
      return rows[0] as
        | { id: string; outcome: string; ticket_id: string | null; reason: string; error: string | null; from_address: string | null; sender_auth_status: string | null; sender_dmarc_policy: string | null; size: number; reference: string | null }
        | undefined;
    }, `intake of ${messageId}`);
  const ticket = async (id: string) => (await agent.get<TicketDetailDto>(`/api/tickets/${id}`)).body;
  const inbound = (detail: TicketDetailDto) => detail.messages.filter((message) => message.kind === 'inbound');
  const byMessageId = (detail: TicketDetailDto, messageId: string) => detail.messages.find((message) => message.messageId === messageId) as MessageDto;

  /** A journalist's verified inquiry: signed by paper.example (p=reject), so DMARC passes on DKIM. */
  async function verifiedInquiry(tag: string) {
    const bytes = await paper.sign(await compose({ from: 'Jane Reporter <jane@paper.example>', subject: `Budget question ${tag}`, text: 'When is the vote?', messageId: `<${tag}@paper.example>` }));
    await send(bytes, 'jane@paper.example');
    const raw = await rawFor(`${tag}@paper.example`);
    expect(raw.outcome).toBe('created');
    return raw as typeof raw & { ticket_id: string; reference: string };
  }

  it('stores a properly signed, aligned message as verified and shows it on the message', async () => {
    const raw = await verifiedInquiry('verified.1');
    expect(raw).toMatchObject({ sender_auth_status: 'verified', sender_dmarc_policy: 'reject' });
    const message = byMessageId(await ticket(raw.ticket_id), 'verified.1@paper.example');
    expect(message.senderAuth).toEqual({ status: 'verified', reason: expect.stringContaining('DMARC pass for paper.example'), dmarcPolicy: 'reject' });
    expect(message.flags).not.toContain('sender_not_verified');
  });

  it('quarantines mail claiming to come from the intake address, by [ND-n] or by In-Reply-To, keeping it and appending nothing', async () => {
    const real = await verifiedInquiry('spoof-target');
    const attempts = [
      { messageId: 'spoof.subject@attacker.example', subject: `Re: Budget question [${real.reference}]` },
      { messageId: 'spoof.reply@attacker.example', subject: 'Re: Budget question', inReplyTo: '<spoof-target@paper.example>', references: ['<spoof-target@paper.example>'] },
    ];
    for (const attempt of attempts) {
      const bytes = await compose({ from: `Press Office <${INTAKE}>`, text: 'Correction: the minister has resigned.', ...attempt, messageId: `<${attempt.messageId}>` });
      await send(bytes, INTAKE);
      const raw = await rawFor(attempt.messageId);
      expect(raw).toMatchObject({ outcome: 'quarantined', error: 'claims to come from this office', ticket_id: null, from_address: INTAKE });
      expect(raw.size).toBe(bytes.length);
    }
    expect(inbound(await ticket(real.ticket_id))).toHaveLength(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM messages WHERE text LIKE '%minister has resigned%'`)).rows[0].n).toBe(0);

    const log = await admin.get<Page<IntakeMessageDto>>('/api/intake/messages?outcome=quarantined');
    expect(log.body.items.filter((item) => item.error === 'claims to come from this office').map((item) => item.from)).toEqual([INTAKE, INTAKE]);
  });

  it('quarantines a web-form submission giving the intake address as its email, appending nothing to the ticket it names', async () => {
    const real = await verifiedInquiry('form-target');
    const token = issueFormToken(new AppSecrets(testApp.config.APP_SECRET!).webFormKey, new Date(Date.now() - 30_000));
    const response = await new HttpClient(testApp.baseUrl).post<{ reference: string | null }>(
      '/api/public/inquiries',
      { name: 'Press Office', email: INTAKE, outlet: 'Newsdesk', requestType: 'other', subject: `Update [${real.reference}]`, message: 'The statement is withdrawn.', token },
      { 'x-forwarded-for': '198.51.100.77' },
    );
    // Answered like any accepted submission: the form reveals nothing about the reference or the quarantine.
    expect(response.status).toBe(202);
    expect(response.body.reference).toBeNull();
    const { rows } = await db.query(`SELECT outcome, error, ticket_id, length(bytes) AS size FROM raw_messages WHERE door = 'web' AND from_address = $1`, [INTAKE]);
    expect(rows).toEqual([{ outcome: 'quarantined', error: 'claims to come from this office', ticket_id: null, size: expect.any(Number) }]);
    expect(inbound(await ticket(real.ticket_id))).toHaveLength(1);
  });

  it('quarantines signed mail from a p=reject domain whose body was changed after signing, and keeps it reprocessable', async () => {
    const signed = await paper.sign(await compose({ from: 'jane@paper.example', subject: 'Statement check', text: 'Original words of the reporter.', messageId: '<tampered.1@paper.example>' }));
    const tampered = Buffer.from(signed.toString('latin1').replace('Original words', 'Forged words!!'), 'latin1');
    await send(tampered, 'jane@paper.example');
    const raw = await rawFor('tampered.1@paper.example');
    expect(raw).toMatchObject({ outcome: 'quarantined', ticket_id: null, sender_auth_status: 'failed', sender_dmarc_policy: 'reject' });
    expect(raw.error).toMatch(/failed DMARC .*reject.*DMARC fail for paper\.example/);
    expect(raw.size).toBe(tampered.length);
    expect((await db.query(`SELECT count(*)::int AS n FROM messages WHERE message_id = 'tampered.1@paper.example'`)).rows[0].n).toBe(0);

    const logged = await admin.get<IntakeMessageDto>(`/api/intake/messages/${raw.id}`);
    expect(logged.body.senderAuth).toEqual({ status: 'failed', reason: expect.stringContaining('DMARC fail for paper.example (p=reject)'), dmarcPolicy: 'reject' });
    const again = await admin.post<{ outcome: string; error: string }>(`/api/intake/messages/${raw.id}/reprocess`, {});
    expect(again.body).toMatchObject({ outcome: 'quarantined', error: expect.stringContaining('DMARC') });
  });

  it("threads a known journalist's mail that fails alignment, with a visible 'sender not verified' warning", async () => {
    await send(await compose({ from: 'Kim Writer <kim@loose.example>', subject: 'Harbour plans', text: 'Any comment?', messageId: '<kim.1@loose.example>' }), 'kim@loose.example');
    const first = await rawFor('kim.1@loose.example');
    expect(first).toMatchObject({ outcome: 'created', sender_auth_status: 'failed', sender_dmarc_policy: 'none' });

    // Signed, but by a bulk mailer's domain: DKIM passes, alignment with loose.example does not.
    const unaligned = await bulkmail.sign(await compose({ from: 'Kim Writer <kim@loose.example>', subject: `Re: Harbour plans [${first.reference}]`, text: 'Following up.', messageId: '<kim.2@loose.example>' }));
    await send(unaligned, 'bounces@bulkmail.example');
    const second = await rawFor('kim.2@loose.example');
    expect(second).toMatchObject({ outcome: 'appended', ticket_id: first.ticket_id });
    const message = byMessageId(await ticket(first.ticket_id!), 'kim.2@loose.example');
    expect(message.flags).toContain('sender_not_verified');
    expect(message.senderAuth).toMatchObject({ status: 'failed', dmarcPolicy: 'none', reason: expect.stringContaining('DKIM pass for bulkmail.example') });
  });

  describe('staff addresses', () => {
    const forward = (messageId: string) =>
      compose({
        from: 'Olu Officer <olu@newsdesk-staff.example>',
        subject: 'Fwd: Interview request',
        text: ['FYI, came to my own address.', '', '---------- Forwarded message ---------', 'From: Pat Presenter <pat@radio.example>', 'Date: Mon, 1 Jun 2026', 'Subject: Interview request', '', 'Can your CEO join us tomorrow at 8?'].join('\n'),
        messageId: `<${messageId}>`,
      });
    let forwarded: { ticket_id: string; reference: string };

    beforeAll(async () => {
      await createUser(testApp, 'agent', { email: 'olu@newsdesk-staff.example' });
    });

    it('keeps a verified staff forward working: the original sender becomes the journalist', async () => {
      await send(await staffDomain.sign(await forward('staff.forward.1@newsdesk-staff.example')), 'olu@newsdesk-staff.example');
      const raw = await rawFor('staff.forward.1@newsdesk-staff.example');
      expect(raw).toMatchObject({ outcome: 'created', sender_auth_status: 'verified' });
      forwarded = raw as typeof raw & { ticket_id: string; reference: string };
      expect(await ticket(raw.ticket_id!)).toMatchObject({ subject: 'Interview request', journalist: { email: 'pat@radio.example' } });
    });

    it('treats an unverified staff address as a stranger: [ND-n] does not append to that ticket', async () => {
      const bytes = await compose({ from: 'olu@newsdesk-staff.example', subject: `Re: Interview request [${forwarded.reference}]`, text: 'Please delete this ticket.', messageId: '<staff.spoof@attacker.example>' });
      await send(bytes, 'olu@newsdesk-staff.example');
      const raw = await rawFor('staff.spoof@attacker.example');
      expect(raw.ticket_id).not.toBe(forwarded.ticket_id);
      expect(raw.outcome).toBe('created');
      expect(inbound(await ticket(forwarded.ticket_id))).toHaveLength(1);
    });

    it('lets a verified staff address append to a ticket it took part in', async () => {
      const bytes = await staffDomain.sign(await compose({ from: 'olu@newsdesk-staff.example', subject: `Re: Interview request [${forwarded.reference}]`, text: 'Pat called again.', messageId: '<staff.note.1@newsdesk-staff.example>' }));
      await send(bytes, 'olu@newsdesk-staff.example');
      expect(await rawFor('staff.note.1@newsdesk-staff.example')).toMatchObject({ outcome: 'appended', ticket_id: forwarded.ticket_id });
    });
  });

  describe('doors behind another server (import here): trusted Authentication-Results only', () => {
    const received = 'Received: from mail.attacker.example (mail.attacker.example [203.0.113.9]) by mx.newsdesk.test; Mon, 1 Jun 2026 09:00:00 +0000\r\n';
    const withHeaders = async (headers: string, messageId: string) =>
      Buffer.concat([Buffer.from(headers), await compose({ from: 'Lee Columnist <lee@loose.example>', subject: 'Column', text: 'Draft attached.', messageId: `<${messageId}>` })]);
    const importVerdict = async (bytes: Buffer, messageId: string) => {
      const result = await testApp.app.get(IntakeService).receive({ bytes, door: 'import', source: `${messageId}.eml` });
      expect(result.outcome).toBe('created');
      return byMessageId(await ticket(result.ticketId!), messageId).senderAuth;
    };

    it('does not let a forged header placed below the trusted one vouch', async () => {
      const bytes = await withHeaders(
        `Authentication-Results: ${TRUSTED_MX}; dkim=none; spf=fail smtp.mailfrom=attacker.example; dmarc=fail (p=none) header.from=loose.example\r\n` +
          received +
          `Authentication-Results: ${TRUSTED_MX}; dkim=pass header.d=loose.example; spf=pass smtp.mailfrom=loose.example; dmarc=pass header.from=loose.example\r\n`,
        'forged.below@loose.example',
      );
      expect(await importVerdict(bytes, 'forged.below@loose.example')).toMatchObject({ status: 'failed', reason: expect.stringContaining(`reported by ${TRUSTED_MX}`) });
    });

    it('does not let a header with another authserv-id vouch', async () => {
      const bytes = await withHeaders(`Authentication-Results: evil.example; dkim=pass header.d=loose.example; dmarc=pass header.from=loose.example\r\n${received}`, 'other.id@loose.example');
      expect(await importVerdict(bytes, 'other.id@loose.example')).toMatchObject({ status: 'unverified' });
    });

    it("verifies by the trusted server's topmost header", async () => {
      const bytes = await withHeaders(`Authentication-Results: ${TRUSTED_MX}; dkim=pass header.d=loose.example; dmarc=pass (p=none) header.from=loose.example\r\n${received}`, 'trusted.top@loose.example');
      expect(await importVerdict(bytes, 'trusted.top@loose.example')).toEqual({ status: 'verified', reason: `DMARC pass for loose.example, reported by ${TRUSTED_MX}`, dmarcPolicy: 'none' });
    });
  });
});

describe('SMTP door behind a relay that signs in (AUTH) and stamps Authentication-Results', () => {
  it("judges relayed mail by the relay's trusted topmost header, not by the relay's own address", async () => {
    const testApp = await createTestApp({ SMTP_AUTH_USERNAME: 'relay', SMTP_AUTH_PASSWORD: 'a-long-relay-password', INTAKE_TRUSTED_AUTHSERV_IDS: TRUSTED_MX });
    const { port } = await startMailDoors(testApp);
    const { default: nodemailer } = await import('nodemailer');
    const relay = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: { user: 'relay', pass: 'a-long-relay-password' } });
    const db = await connectDatabase(testApp);
    try {
      const verdictOf = async (headers: string, messageId: string) => {
        const bytes = Buffer.concat([Buffer.from(headers), await compose({ from: 'ines@wire.example', subject: 'Via the MX', text: 'Hello', messageId: `<${messageId}>` })]);
        await relay.sendMail({ envelope: { from: 'ines@wire.example', to: INTAKE }, raw: bytes });
        return waitFor(async () => {
          const { rows } = await db.query(`SELECT sender_auth_status, sender_auth_reason FROM raw_messages WHERE message_id = $1 AND outcome <> 'pending'`, [messageId]);
          return rows[0] as { sender_auth_status: string; sender_auth_reason: string } | undefined;
        }, `intake of ${messageId}`);
      };
      expect(await verdictOf(`Authentication-Results: ${TRUSTED_MX}; dkim=pass header.d=wire.example; dmarc=pass header.from=wire.example\r\n`, 'relayed.1@wire.example')).toEqual({
        sender_auth_status: 'verified',
        sender_auth_reason: `DMARC pass for wire.example, reported by ${TRUSTED_MX}`,
      });
      expect(await verdictOf(`Authentication-Results: evil.example; dmarc=pass header.from=wire.example\r\n`, 'relayed.2@wire.example')).toMatchObject({ sender_auth_status: 'unverified' });
    } finally {
      relay.close();
      await db.end();
      await testApp.close();
    }
  });
});
