import type { OutletDetailDto, StatementDetailDto, TicketDetailDto } from '@newsdesk/shared';
import pg from 'pg';
import { OutboxWorker } from '../src/outbound/outbox.worker.js';
import { CaptureSmtp } from './capture-smtp.js';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { createUser, signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

const STATEMENT = 'The council will not close the Riverside library this year. Opening hours stay as they are until the budget review in March.';
/** Every held reply carries this, so the capture server can be searched for any of them. */
const HELD = 'HELD-MARKER';

describe('approvals an agent cannot walk around', () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let db: pg.Client;
  let agent: HttpClient;
  let manager: HttpClient;
  let admin: HttpClient;
  let serial = 0;

  beforeAll(async () => {
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url, OUTBOX_RETRY_BASE_MS: '50' });
    db = await connectDatabase(testApp);
    await testApp.app.get(OutboxWorker).start();
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ({ client: manager } = await signedInClient(testApp, 'manager'));
    ({ client: admin } = await signedInClient(testApp, 'admin'));
    for (const rule of [{ kind: 'topic', value: 'budget' }, { kind: 'outlet_tier', value: 'national' }, { kind: 'all_statements' }]) {
      expect((await admin.post('/api/approval-rules', rule)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
    await capture.stop();
  });

  const outlet = async (tier: string | null) => {
    serial += 1;
    const response = await manager.post<OutletDetailDto>('/api/outlets', { name: `Outlet ${serial}`, domains: [`outlet${serial}.example`], tier });
    expect(response.status).toBe(201);
    return response.body;
  };
  const inquiry = async (input: { tags?: string[]; domain?: string; outletId?: string }) => {
    serial += 1;
    const response = await agent.post<TicketDetailDto>('/api/tickets', {
      subject: `Library closure ${serial}`,
      text: 'Is the Riverside library closing?',
      tags: input.tags ?? [],
      outletId: input.outletId,
      journalist: { name: `Reporter ${serial}`, email: `reporter${serial}@${input.domain ?? 'freelance.example'}` },
    });
    expect(response.status).toBe(201);
    return response.body;
  };
  const send = (ticketId: string, body: string, extra: Record<string, unknown> = {}) =>
    agent.post<TicketDetailDto>(`/api/tickets/${ticketId}/replies`, { body, ...extra });
  const outbox = async (ticketId: string) =>
    (await db.query(`SELECT text FROM outbound_messages WHERE ticket_id = $1 AND kind = 'reply'`, [ticketId])).rows as { text: string }[];
  /** The reply is on the thread, held with a pending approval, and nothing is in the outbox for it. */
  const expectHeld = async (response: { status: number; body: TicketDetailDto }, reason: string | RegExp) => {
    expect(response.status).toBe(201);
    const reply = response.body.messages.at(-1)!;
    expect(reply).toMatchObject({ kind: 'outbound', flags: ['awaiting_approval'], delivery: null, approval: { status: 'pending' } });
    expect(reply.approval!.reason).toMatch(reason);
    const { rows } = await db.query(`SELECT count(*)::int AS queued FROM outbound_messages WHERE message_id = $1`, [reply.id]);
    expect(rows[0].queued).toBe(0);
  };

  describe('topic', () => {
    it('refuses an agent removing the tag of a ticket a topic rule covers, and still holds the reply', async () => {
      const ticket = await inquiry({ tags: ['budget', 'libraries'] });
      const untag = await agent.patch(`/api/tickets/${ticket.id}`, { tags: ['libraries'] });
      expectErrorBody(untag, 403, /Only a manager, an admin or an approver can make this change: replies on ND-\d+ need approval \(topic "budget" needs approval\)/);
      const after = (await agent.get<TicketDetailDto>(`/api/tickets/${ticket.id}`)).body;
      expect(after.tags).toEqual(['budget', 'libraries']);
      await expectHeld(await send(ticket.id, `${HELD} untagged attempt`), 'topic "budget" needs approval');
    });

    it('refuses the whole change-send-restore sequence: the change is refused, the reply held, and the pending approval named', async () => {
      const ticket = await inquiry({ tags: ['budget'] });
      await expectHeld(await send(ticket.id, `${HELD} first try`), /budget/);
      expectErrorBody(await agent.patch(`/api/tickets/${ticket.id}`, { tags: [] }), 403, /a reply is waiting for approval/);
      await expectHeld(await send(ticket.id, `${HELD} second try`), /budget/);
      const restore = await agent.patch<TicketDetailDto>(`/api/tickets/${ticket.id}`, { tags: ['budget'] });
      expect(restore.status).toBe(200);
      expect(await outbox(ticket.id)).toEqual([]);
      const { rows } = await db.query(`SELECT count(*)::int AS pending FROM approvals WHERE ticket_id = $1 AND status = 'pending'`, [ticket.id]);
      expect(rows[0].pending).toBe(2);
    });

    it('holds a held or rejected reply pasted into a fresh ticket that no rule covers', async () => {
      const ticket = await inquiry({ tags: ['budget'] });
      const text = `${HELD} The library budget is safe for this year and the next, says the council.`;
      await expectHeld(await send(ticket.id, text), /budget/);
      const fresh = await agent.post<TicketDetailDto>('/api/tickets', { subject: 'Library', text: 'Follow-up', journalistId: ticket.journalist!.id });
      expect(fresh.body.tags).toEqual([]);
      await expectHeld(await send(fresh.body.id, `Hello again. ${text}`), `the text is from a reply on ${ticket.reference} that is waiting for approval`);

      const pending = (await manager.get<{ id: string; ticket: { id: string } }[]>('/api/approvals?status=pending')).body.find((approval) => approval.ticket.id === ticket.id)!;
      expect((await manager.post(`/api/approvals/${pending.id}/reject`, { comment: 'Not cleared.' })).status).toBe(200);
      const other = await inquiry({});
      await expectHeld(await send(other.id, text.replace('says the council', 'the council says')), `the text is from a reply on ${ticket.reference} that an approver rejected`);
    });

    it('lets the agent change tags that keep the ticket covered, and lets approvers take it out of scope', async () => {
      const ticket = await inquiry({ tags: ['budget'] });
      expect((await agent.patch<TicketDetailDto>(`/api/tickets/${ticket.id}`, { tags: ['budget', 'libraries'] })).body.tags).toEqual(['budget', 'libraries']);
      const untagged = await manager.patch<TicketDetailDto>(`/api/tickets/${ticket.id}`, { tags: ['libraries'] });
      expect(untagged.status).toBe(200);
      expect(untagged.body.tags).toEqual(['libraries']);

      const other = await inquiry({ tags: ['budget'] });
      const approver = await createUser(testApp, 'agent', { name: 'Pat Approver' });
      expect((await admin.patch(`/api/users/${approver.id}`, { canApprove: true })).status).toBe(200);
      const client = new HttpClient(testApp.baseUrl);
      await client.login(approver.email, approver.password);
      expect((await client.patch(`/api/tickets/${other.id}`, { tags: [] })).status).toBe(200);
    });
  });

  describe('outlet tier', () => {
    it('refuses an agent lowering the tier of a national outlet in the directory, and still holds the reply', async () => {
      const national = await outlet('national');
      const ticket = await inquiry({ domain: national.domains[0] });
      expect(ticket.outlet?.id).toBe(national.id);
      const lowered = await agent.patch(`/api/outlets/${national.id}`, { tier: 'local' });
      expectErrorBody(lowered, 403, /can move Outlet \d+ out of the "national" tier: replies to national outlets need approval/);
      expectErrorBody(await agent.patch(`/api/outlets/${national.id}`, { tier: null }), 403, /out of the "national" tier/);
      expect((await agent.get<OutletDetailDto>(`/api/outlets/${national.id}`)).body.tier).toBe('national');
      await expectHeld(await send(ticket.id, `${HELD} after lowering the tier`), 'national outlets need approval');
      // Other edits of the outlet stay open to agents.
      expect((await agent.patch<OutletDetailDto>(`/api/outlets/${national.id}`, { notes: 'Prefers mail.' })).body.notes).toBe('Prefers mail.');
      expect((await manager.patch<OutletDetailDto>(`/api/outlets/${national.id}`, { tier: 'regional' })).body.tier).toBe('regional');
    });

    it('refuses clearing or changing the outlet on the ticket and on the journalist, and still holds the reply', async () => {
      const national = await outlet('national');
      const local = await outlet('local');
      const ticket = await inquiry({ domain: national.domains[0] });
      const journalistId = ticket.journalist!.id;

      // The journalist still writes for a national outlet: the ticket stays covered, so this is allowed.
      expect((await agent.patch<TicketDetailDto>(`/api/tickets/${ticket.id}`, { outletId: null })).status).toBe(200);
      await expectHeld(await send(ticket.id, `${HELD} ticket outlet cleared`), 'national outlets need approval');

      expectErrorBody(await agent.patch(`/api/journalists/${journalistId}`, { outletId: null }), 403, /from Outlet \d+ \(national\) to no outlet: replies to national outlets need approval/);
      expectErrorBody(await agent.patch(`/api/journalists/${journalistId}`, { outletId: local.id }), 403, /to Outlet \d+ \(local\): replies to national outlets need approval/);
      expect((await agent.get<{ outlet: { id: string } | null }>(`/api/journalists/${journalistId}`)).body.outlet?.id).toBe(national.id);

      const other = await outlet('national');
      expect((await agent.patch(`/api/journalists/${journalistId}`, { outletId: other.id })).status).toBe(200);
      await expectHeld(await send(ticket.id, `${HELD} journalist moved between national outlets`), 'national outlets need approval');
    });

    it('refuses clearing the outlet of a ticket whose journalist has none, or swapping the journalist', async () => {
      const national = await outlet('national');
      const ticket = await inquiry({ outletId: national.id });
      expect(ticket.outlet?.id).toBe(national.id);
      expectErrorBody(await agent.patch(`/api/tickets/${ticket.id}`, { outletId: null }), 403, /national outlets need approval/);
      const local = await outlet('local');
      expectErrorBody(await agent.patch(`/api/tickets/${ticket.id}`, { outletId: local.id }), 403, /national outlets need approval/);

      const coveredJournalist = await inquiry({ domain: (await outlet('national')).domains[0] });
      const plain = await inquiry({});
      expectErrorBody(await agent.patch(`/api/tickets/${coveredJournalist.id}`, { journalistId: plain.journalist!.id, outletId: null }), 403, /national outlets need approval/);
      await expectHeld(await send(ticket.id, `${HELD} outlet kept`), 'national outlets need approval');
      await expectHeld(await send(coveredJournalist.id, `${HELD} journalist kept`), 'national outlets need approval');
    });

    it('holds a reply addressed to a national outlet’s journalist from a ticket no rule covers', async () => {
      const national = await outlet('national');
      const covered = await inquiry({ domain: national.domains[0] });
      const fresh = await inquiry({});
      await expectHeld(await send(fresh.id, `${HELD} by the back door`, { to: [covered.journalist!.email] }), 'national outlets need approval');
      await expectHeld(await send(fresh.id, `${HELD} by cc`, { cc: [`desk@${national.domains[0]}`] }), 'national outlets need approval');
    });

    it('refuses taking addresses off a national outlet or journalist, which would let replies to them go unheld', async () => {
      const national = await outlet('national');
      const covered = await inquiry({ domain: national.domains[0] });
      const address = covered.journalist!.email!;
      expectErrorBody(await agent.patch(`/api/outlets/${national.id}`, { domains: [] }), 403, new RegExp(`remove ${national.domains[0]} from Outlet \\d+: replies to national outlets need approval`));
      expectErrorBody(await agent.patch(`/api/journalists/${covered.journalist!.id}`, { email: 'someone.else@freelance.example' }), 403, new RegExp(`remove ${address} from Reporter \\d+`));
      expect((await agent.patch(`/api/journalists/${covered.journalist!.id}`, { email: 'desk@freelance.example', aliases: [address] })).status).toBe(200);
      expect((await agent.patch(`/api/journalists/${covered.journalist!.id}`, { phone: '+44 20 7946 0000' })).status).toBe(200);
      const fresh = await inquiry({});
      await expectHeld(await send(fresh.id, `${HELD} to the old address`, { to: [address] }), 'national outlets need approval');
    });

    it('makes a reply wait for an outlet edit in flight and decides on the committed tier', async () => {
      const national = await outlet('national');
      const ticket = await inquiry({ domain: national.domains[0] });
      const editor = await connectDatabase(testApp);
      try {
        await editor.query('BEGIN');
        await editor.query(`UPDATE outlets SET tier = 'local' WHERE id = $1`, [national.id]);
        let settled = false;
        const sending = send(ticket.id, `${HELD} during an edit`).finally(() => {
          settled = true;
        });
        await waitFor(async () => {
          const { rows } = await db.query(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%FOR SHARE%'`,
          );
          return rows[0].waiting > 0 || settled;
        }, 'the reply to wait for the outlet row');
        expect(settled).toBe(false);
        await editor.query('ROLLBACK');
        await expectHeld(await sending, 'national outlets need approval');
      } finally {
        await editor.end();
      }
    });

    it('completes a reply and a merge of its outlet running at the same time', async () => {
      const national = await outlet('national');
      const duplicate = await outlet('national');
      const ticket = await inquiry({ domain: duplicate.domains[0] });
      const [merged, sent] = await Promise.all([
        manager.post(`/api/outlets/${duplicate.id}/merge`, { intoId: national.id }),
        send(ticket.id, `${HELD} during a merge`),
      ]);
      expect(merged.status).toBe(200);
      await expectHeld(sent, 'national outlets need approval');
    });

    it('refuses an agent lowering the tier while sending at the same time', async () => {
      const national = await outlet('national');
      const ticket = await inquiry({ domain: national.domains[0] });
      const [lowered, sent] = await Promise.all([agent.patch(`/api/outlets/${national.id}`, { tier: 'local' }), send(ticket.id, `${HELD} racing the edit`)]);
      expect(lowered.status).toBe(403);
      await expectHeld(sent, 'national outlets need approval');
    });
  });

  describe('statements', () => {
    let statement: StatementDetailDto;
    beforeAll(async () => {
      statement = (await agent.post<StatementDetailDto>('/api/statements', { title: 'Riverside library stays open', body: STATEMENT })).body;
      expect((await manager.post(`/api/statements/${statement.id}/versions/${statement.versions[0].id}/approve`)).status).toBe(200);
      // A draft counts too: its text is a statement before anyone approved it.
      expect((await agent.post('/api/statements', { title: 'Библиотека', body: 'Совет не закроет библиотеку у реки в этом году.' })).status).toBe(201);
    });

    it('holds an edited library statement sent as a plain reply with the statement flag off', async () => {
      const ticket = await inquiry({});
      const edited = `${HELD}\n\nThe council will not close the Riverside library this year; opening hours stay as they are until the March budget review.`;
      await expectHeld(await send(ticket.id, edited, { statement: false }), /every statement needs approval \(the text is from the library statement "Riverside library stays open"\)/);
    });

    it('holds it when invisible characters, HTML or other text are mixed in', async () => {
      const ticket = await inquiry({});
      const hidden = STATEMENT.replace(/ /g, ' \u200b').replace(/o/g, 'o\u00ad');
      await expectHeld(await send(ticket.id, `${HELD} Thanks for asking. ${hidden} Best wishes.`), /library statement/);
      const html = `<p>${HELD}</p><p>The council will <b>not</b> close the <i>Riverside</i> library this year.</p><p>Opening hours stay as they are until the budget review in March.</p>`;
      await expectHeld(await send(ticket.id, html, { format: 'html' }), /library statement/);
      await expectHeld(await send(ticket.id, `${HELD} Совет не закроет библиотеку у реки в этом году, сказал мэр.`), /library statement "Библиотека"/);
    });

    it('keeps ordinary replies flowing, and a statement flag can only add the hold', async () => {
      const ticket = await inquiry({});
      const plain = await send(ticket.id, 'Our press office opens at nine; we will come back to you this afternoon.');
      expect(plain.body.messages.at(-1)?.approval).toBeNull();
      await expectHeld(await send(ticket.id, `${HELD} a fresh line on the record`, { statement: true }), 'every statement needs approval');
      expect((await outbox(ticket.id)).map((row) => row.text)).toEqual(['Our press office opens at nine; we will come back to you this afternoon.']);
    });

    it('still sends the library statement unchanged through its own endpoint', async () => {
      const ticket = await inquiry({});
      const response = await agent.post(`/api/tickets/${ticket.id}/statement`, { statementId: statement.id });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ queued: 1, awaitingApproval: 0 });
    });
  });

  it('delivers nothing that was held: the control reply and the library statement arrive, no held reply does', async () => {
    const ticket = await inquiry({});
    await send(ticket.id, 'CONTROL-MARKER we will call you back.');
    await waitFor(async () => capture.received.some((mail) => (mail.parsed.text ?? '').includes('CONTROL-MARKER')), 'the control reply at the capture server');
    await waitFor(async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS open FROM outbound_messages WHERE status NOT IN ('sent', 'failed')`);
      return rows[0].open === 0;
    }, 'the outbox to drain');
    // The statement sent through the library in the tests above went out: the worker was running all along.
    expect(capture.received.some((mail) => mail.parsed.text?.includes('Riverside library this year'))).toBe(true);
    expect(capture.received.filter((mail) => (mail.parsed.text ?? '').includes(HELD))).toEqual([]);
    const { rows } = await db.query(`SELECT count(*)::int AS queued FROM outbound_messages WHERE text LIKE '%' || $1 || '%'`, [HELD]);
    expect(rows[0].queued).toBe(0);
  });
});
