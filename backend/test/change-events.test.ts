import type { TemplateDto, TicketDetailDto } from '@newsdesk/shared';
import pg from 'pg';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { compose, INTAKE } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';
import { controlClock, enrolTotp, totpCode } from './two-factor.js';

/**
 * A change and the event that records it commit together or not at all (issue 13).
 * The event write is made to fail for real: a trigger in this test's own database refuses the event
 * (a lone UTF-16 surrogate used to do it through the jsonb copy, but such text is now refused at the door
 * with a 400, test/unpaired-surrogates.test.ts). Before the fix the change had already committed by then.
 */
describe('events commit in the same transaction as the change they record', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let admin: HttpClient;

  /** Makes PostgreSQL refuse every event of this type until the returned function is called. */
  const refuseEvents = async (type: string) => {
    await db.query(`CREATE OR REPLACE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'event refused by the test'; END $$`);
    await db.query(`CREATE TRIGGER refuse_event BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.type = '${type}') EXECUTE FUNCTION refuse_event()`);
    return async () => void (await db.query(`DROP TRIGGER refuse_event ON events`));
  };
  const eventCount = async (type: string) => Number((await db.query(`SELECT count(*) FROM events WHERE type = $1`, [type])).rows[0].count);

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    ({ client: admin } = await signedInClient(testApp, 'admin'));
  }, 60_000);
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it('records a template change and its event together', async () => {
    const created = await admin.post<TemplateDto>('/api/templates', { kind: 'reply', name: 'Holding line', body: 'We will come back to you.' });
    expect(created.status).toBe(201);
    const { rows } = await db.query(`SELECT after FROM events WHERE type = 'template.created' AND entity_id = $1`, [created.body.id]);
    expect(rows).toEqual([{ after: { kind: 'reply', name: 'Holding line' } }]);
  });

  it('keeps no template whose creation event could not be written', async () => {
    const before = await eventCount('template.created');
    const allow = await refuseEvents('template.created');
    try {
      expect((await admin.post('/api/templates', { kind: 'reply', name: 'Broken name', body: 'Text.' })).status).toBeGreaterThanOrEqual(400);
    } finally {
      await allow();
    }
    expect((await db.query(`SELECT name FROM templates WHERE name LIKE 'Broken %'`)).rows).toEqual([]);
    expect(await eventCount('template.created')).toBe(before);
  });

  /** Makes the COMMIT of any transaction that wrote `table` fail (a deferred constraint trigger), after every statement in it succeeded. */
  const refuseCommitsOn = async (table: string) => {
    await db.query(`CREATE OR REPLACE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'commit refused by the test'; END $$`);
    await db.query(`CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT OR UPDATE OR DELETE ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit()`);
    return async () => void (await db.query(`DROP TRIGGER refuse_commit ON ${table}`));
  };

  it('keeps no template event when the template could not be committed', async () => {
    const before = await eventCount('template.created');
    const allow = await refuseCommitsOn('templates');
    try {
      expect((await admin.post('/api/templates', { kind: 'reply', name: 'Never committed', body: 'Text.' })).status).toBeGreaterThanOrEqual(500);
    } finally {
      await allow();
    }
    expect((await db.query(`SELECT 1 FROM templates WHERE name = 'Never committed'`)).rowCount).toBe(0);
    expect(await eventCount('template.created')).toBe(before);
  });

  it('keeps no approval-rule event when the rule could not be committed', async () => {
    const before = await eventCount('approval_rule.created');
    const allow = await refuseCommitsOn('approval_rules');
    try {
      expect((await admin.post('/api/approval-rules', { kind: 'topic', value: 'never-committed' })).status).toBeGreaterThanOrEqual(500);
    } finally {
      await allow();
    }
    expect((await db.query(`SELECT 1 FROM approval_rules WHERE value = 'never-committed'`)).rowCount).toBe(0);
    expect(await eventCount('approval_rule.created')).toBe(before);
  });

  it('keeps a template unchanged when the event of its edit could not be written', async () => {
    const created = await admin.post<TemplateDto>('/api/templates', { kind: 'reply', name: 'Standing text', body: 'Original text.' });
    expect(created.status).toBe(201);
    const allow = await refuseEvents('template.updated');
    try {
      expect((await admin.patch(`/api/templates/${created.body.id}`, { body: 'Edited text.' })).status).toBeGreaterThanOrEqual(400);
    } finally {
      await allow();
    }
    expect((await db.query(`SELECT body FROM templates WHERE id = $1`, [created.body.id])).rows).toEqual([{ body: 'Original text.' }]);
    expect(await eventCount('template.updated')).toBe(0);
  });

  it('keeps a template whose deletion event could not be written', async () => {
    const created = await admin.post<TemplateDto>('/api/templates', { kind: 'reply', name: 'Kept text', body: 'Still here.' });
    expect(created.status).toBe(201);
    const allow = await refuseEvents('template.deleted');
    try {
      expect((await admin.delete(`/api/templates/${created.body.id}`)).status).toBeGreaterThanOrEqual(400);
    } finally {
      await allow();
    }
    expect((await db.query(`SELECT name FROM templates WHERE id = $1`, [created.body.id])).rows).toEqual([{ name: 'Kept text' }]);
  });

  it('keeps no approval rule whose creation event could not be written', async () => {
    const allow = await refuseEvents('approval_rule.created');
    try {
      expect((await admin.post('/api/approval-rules', { kind: 'topic', value: 'budget' })).status).toBeGreaterThanOrEqual(400);
    } finally {
      await allow();
    }
    expect((await db.query(`SELECT value FROM approval_rules`)).rows).toEqual([]);
    expect(await eventCount('approval_rule.created')).toBe(0);
  });

  it('keeps an approval rule whose removal event could not be written', async () => {
    const created = await admin.post<{ id: string }>('/api/approval-rules', { kind: 'topic', value: 'Housing' });
    expect(created.status).toBe(201);
    const allow = await refuseEvents('approval_rule.deleted');
    try {
      expect((await admin.delete(`/api/approval-rules/${created.body.id}`)).status).toBeGreaterThanOrEqual(400);
    } finally {
      await allow();
    }
    expect((await db.query(`SELECT value FROM approval_rules WHERE id = $1`, [created.body.id])).rows).toEqual([{ value: 'housing' }]);
    expect((await admin.delete(`/api/approval-rules/${created.body.id}`)).status).toBe(204);
  });

  it('records an approval rule and its removal each with its event', async () => {
    const created = await admin.post<{ id: string }>('/api/approval-rules', { kind: 'topic', value: 'Budget' });
    expect(created.status).toBe(201);
    expect((await admin.delete(`/api/approval-rules/${created.body.id}`)).status).toBe(204);
    const { rows } = await db.query(`SELECT type, before, after FROM events WHERE entity_id = $1 ORDER BY id`, [created.body.id]);
    expect(rows).toEqual([
      { type: 'approval_rule.created', before: null, after: { kind: 'topic', value: 'budget' } },
      { type: 'approval_rule.deleted', before: { kind: 'topic', value: 'budget' }, after: null },
    ]);
  });

  /** A reply held by a topic rule, with its approval id: requested by an agent, for a manager to decide. */
  const heldReply = async (topic: string) => {
    expect((await admin.post('/api/approval-rules', { kind: 'topic', value: topic })).status).toBe(201);
    const { client: agent } = await signedInClient(testApp, 'agent');
    const logged = await agent.post<TicketDetailDto>('/api/tickets', {
      subject: `About ${topic}`,
      text: 'Comment?',
      tags: [topic],
      journalist: { name: 'Jo', email: `jo.${topic}@daily.example` },
    });
    expect(logged.status).toBe(201);
    const held = await agent.post<TicketDetailDto>(`/api/tickets/${logged.body.id}/replies`, { body: 'Draft line.', status: 'resolved' });
    expect(held.status).toBe(201);
    const { rows } = await db.query(`SELECT id, message_id FROM approvals WHERE ticket_id = $1`, [logged.body.id]);
    return { ticketId: logged.body.id, approvalId: rows[0].id as string, messageId: rows[0].message_id as string };
  };
  const approvalState = async (held: { ticketId: string; approvalId: string; messageId: string }) => ({
    approval: (await db.query(`SELECT status, decided_by_id, comment FROM approvals WHERE id = $1`, [held.approvalId])).rows,
    versions: (await db.query(`SELECT version, body FROM approval_versions WHERE approval_id = $1 ORDER BY version`, [held.approvalId])).rows,
    message: (await db.query(`SELECT flags, text FROM messages WHERE id = $1`, [held.messageId])).rows,
    outbox: Number((await db.query(`SELECT count(*) FROM outbound_messages WHERE ticket_id = $1 AND kind = 'reply'`, [held.ticketId])).rows[0].count),
    ticket: (await db.query(`SELECT status, first_response_at FROM tickets WHERE id = $1`, [held.ticketId])).rows,
  });

  it('leaves a held reply pending, unedited and unsent when the event of its approval could not be written', async () => {
    const { client: manager } = await signedInClient(testApp, 'manager');
    const held = await heldReply('pensions');
    const before = await approvalState(held);
    expect(before.approval).toEqual([{ status: 'pending', decided_by_id: null, comment: null }]);
    const allow = await refuseEvents('approval.approved');
    try {
      const refused = await manager.post(`/api/approvals/${held.approvalId}/approve`, { body: 'Edited line.', comment: 'tightened' });
      expect(refused.status).toBeGreaterThanOrEqual(500);
    } finally {
      await allow();
    }
    expect(await approvalState(held)).toEqual(before);
    expect(before.outbox).toBe(0);
    expect(await eventCount('approval.approved')).toBe(0);

    // The same decision once the event can be written: the approval, its edit, the mail and the event commit together.
    expect((await manager.post(`/api/approvals/${held.approvalId}/approve`, { body: 'Edited line.', comment: 'tightened' })).status).toBe(200);
    const after = await approvalState(held);
    expect(after.approval).toEqual([expect.objectContaining({ status: 'approved', comment: 'tightened' })]);
    expect(after.versions.map((row) => row.version)).toEqual([1, 2]);
    expect(after.outbox).toBe(1);
    const { rows } = await db.query(`SELECT after FROM events WHERE type = 'approval.approved' AND entity_id = $1`, [held.approvalId]);
    expect(rows).toEqual([{ after: { edited: true, comment: 'tightened' } }]);
  });

  /** Makes PostgreSQL refuse to queue outbox mail of this kind until the returned function is called. */
  const refuseOutbox = async (kind: 'reply' | 'notification') => {
    await db.query(`CREATE OR REPLACE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox refused by the test'; END $$`);
    await db.query(`CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbound_messages FOR EACH ROW WHEN (NEW.kind = '${kind}') EXECUTE FUNCTION refuse_outbox()`);
    return async () => void (await db.query(`DROP TRIGGER refuse_outbox ON outbound_messages`));
  };

  it('keeps no approval event when the approved reply could not be queued', async () => {
    const { client: manager } = await signedInClient(testApp, 'manager');
    const held = await heldReply('ferries');
    const before = await approvalState(held);
    // The change fails after its event was written: an event on another connection would outlive it.
    const allow = await refuseOutbox('reply');
    try {
      expect((await manager.post(`/api/approvals/${held.approvalId}/approve`, {})).status).toBeGreaterThanOrEqual(500);
    } finally {
      await allow();
    }
    expect(await approvalState(held)).toEqual(before);
    expect((await db.query(`SELECT 1 FROM events WHERE type = 'approval.approved' AND entity_id = $1`, [held.approvalId])).rowCount).toBe(0);
  });

  it('leaves a held reply pending when the event of its rejection could not be written', async () => {
    const { client: manager } = await signedInClient(testApp, 'manager');
    const held = await heldReply('tolls');
    const before = await approvalState(held);
    const allow = await refuseEvents('approval.rejected');
    try {
      expect((await manager.post(`/api/approvals/${held.approvalId}/reject`, { comment: 'Not this week' })).status).toBeGreaterThanOrEqual(500);
    } finally {
      await allow();
    }
    expect(await approvalState(held)).toEqual(before);
    expect(await eventCount('approval.rejected')).toBe(0);

    expect((await manager.post(`/api/approvals/${held.approvalId}/reject`, { comment: 'Not this week' })).status).toBe(200);
    expect((await approvalState(held)).approval).toEqual([expect.objectContaining({ status: 'rejected', comment: 'Not this week' })]);
    expect(await eventCount('approval.rejected')).toBe(1);
  });

  it('keeps no rejection event when the notice to the requester could not be queued', async () => {
    const { client: manager } = await signedInClient(testApp, 'manager');
    const held = await heldReply('bridges');
    const before = await approvalState(held);
    const allow = await refuseOutbox('notification');
    try {
      expect((await manager.post(`/api/approvals/${held.approvalId}/reject`, { comment: 'Not now' })).status).toBeGreaterThanOrEqual(500);
    } finally {
      await allow();
    }
    expect(await approvalState(held)).toEqual(before);
    expect((await db.query(`SELECT 1 FROM events WHERE type = 'approval.rejected' AND entity_id = $1`, [held.approvalId])).rowCount).toBe(0);
  });

  it('stores no held reply and no approval when the event of the approval request could not be written', async () => {
    expect((await admin.post('/api/approval-rules', { kind: 'topic', value: 'harbour' })).status).toBe(201);
    const { client: agent } = await signedInClient(testApp, 'agent');
    const logged = await agent.post<TicketDetailDto>('/api/tickets', { subject: 'Harbour works', text: 'Comment?', tags: ['harbour'], journalist: { name: 'Jo', email: 'jo.harbour@daily.example' } });
    expect(logged.status).toBe(201);
    const allow = await refuseEvents('approval.requested');
    try {
      expect((await agent.post(`/api/tickets/${logged.body.id}/replies`, { body: 'Draft line.' })).status).toBeGreaterThanOrEqual(500);
    } finally {
      await allow();
    }
    expect((await db.query(`SELECT 1 FROM approvals WHERE ticket_id = $1`, [logged.body.id])).rowCount).toBe(0);
    expect((await db.query(`SELECT 1 FROM messages WHERE ticket_id = $1 AND kind = 'outbound'`, [logged.body.id])).rowCount).toBe(0);
  });

  it('keeps two-factor sign-in off when the event of its confirmation could not be written', async () => {
    const clock = controlClock(testApp);
    const { client: colleague, user } = await signedInClient(testApp, 'agent');
    const started = await colleague.post<{ secret: string }>('/api/auth/two-factor/enrolment');
    expect(started.status).toBe(200);
    const allow = await refuseEvents('auth.two_factor_enabled');
    try {
      const confirmed = await colleague.post('/api/auth/two-factor/enrolment/confirmation', { code: totpCode(started.body.secret, clock.now()) });
      expect(confirmed.status).toBeGreaterThanOrEqual(500);
    } finally {
      await allow();
    }
    expect((await db.query(`SELECT confirmed_at FROM totp_credentials WHERE user_id = $1`, [user.id])).rows).toEqual([{ confirmed_at: null }]);
    expect((await db.query(`SELECT 1 FROM recovery_codes WHERE user_id = $1`, [user.id])).rowCount).toBe(0);
  });

  it('keeps a colleague\'s two-factor sign-in when the event of an admin\'s reset could not be written', async () => {
    const clock = controlClock(testApp);
    const { client: colleague, user } = await signedInClient(testApp, 'manager');
    await enrolTotp(colleague, clock.now());
    const allow = await refuseEvents('auth.two_factor_reset');
    try {
      expect((await admin.delete(`/api/users/${user.id}/two-factor`)).status).toBeGreaterThanOrEqual(500);
    } finally {
      await allow();
    }
    expect((await db.query(`SELECT 1 FROM totp_credentials WHERE user_id = $1 AND confirmed_at IS NOT NULL`, [user.id])).rowCount).toBe(1);
    expect((await db.query(`SELECT 1 FROM recovery_codes WHERE user_id = $1`, [user.id])).rowCount).toBe(10);
    expect(await eventCount('auth.two_factor_reset')).toBe(0);
  });

  it('erases nothing when the event recording the erasure could not be written', async () => {
    const logged = await admin.post<TicketDetailDto>('/api/tickets', {
      subject: 'Museum reopening',
      text: 'Caller asked when the museum reopens.',
      journalist: { name: 'Kept Name', email: 'kept@daily.example' },
    });
    expect(logged.status).toBe(201);
    const journalistId = logged.body.journalist!.id;
    const allow = await refuseEvents('privacy.erased');
    try {
      expect((await admin.post(`/api/journalists/${journalistId}/erase`, { confirm: 'kept@daily.example' })).status).toBeGreaterThanOrEqual(500);
    } finally {
      await allow();
    }
    expect((await db.query(`SELECT name, email FROM journalists WHERE id = $1`, [journalistId])).rows).toEqual([{ name: 'Kept Name', email: 'kept@daily.example' }]);
    expect((await db.query(`SELECT from_address FROM messages WHERE ticket_id = $1`, [logged.body.id])).rows).toEqual([{ from_address: 'kept@daily.example' }]);
    const erased = await admin.post(`/api/journalists/${journalistId}/erase`, { confirm: 'kept@daily.example' });
    expect(erased.status).toBe(200);
    expect(await eventCount('privacy.erased')).toBe(1);
  });

  it('leaves a message quarantined and makes no ticket when the event of its reprocessing could not be written', async () => {
    const bytes = await compose({ from: 'later@daily.example', to: INTAKE, subject: 'Reprocess atomically', text: 'Hello', messageId: '<atomic-reprocess@daily.example>' });
    const { rows } = await db.query(
      `INSERT INTO raw_messages (door, bytes, sha256, size, outcome, error) VALUES ('smtp', $1, 'x', $2, 'quarantined', 'database was down') RETURNING id`,
      [bytes, bytes.length],
    );
    const id = rows[0].id as string;
    const tickets = async () => Number((await db.query(`SELECT count(*) FROM tickets WHERE subject = 'Reprocess atomically'`)).rows[0].count);
    const allow = await refuseEvents('intake.reprocessed');
    try {
      expect((await admin.post(`/api/intake/messages/${id}/reprocess`)).status).toBeGreaterThanOrEqual(500);
    } finally {
      await allow();
    }
    expect((await db.query(`SELECT outcome, error, ticket_id FROM raw_messages WHERE id = $1`, [id])).rows).toEqual([
      { outcome: 'quarantined', error: 'database was down', ticket_id: null },
    ]);
    expect(await tickets()).toBe(0);

    const reprocessed = await admin.post<{ outcome: string; ticketId: string }>(`/api/intake/messages/${id}/reprocess`);
    expect(reprocessed.status).toBe(200);
    expect(await tickets()).toBe(1);
    const events = await db.query(`SELECT ticket_id, before, after FROM events WHERE type = 'intake.reprocessed' AND entity_id = $1`, [id]);
    expect(events.rows).toEqual([
      {
        ticket_id: reprocessed.body.ticketId,
        before: { outcome: 'quarantined', error: 'database was down' },
        after: { outcome: 'created', error: null },
      },
    ]);
  });
});
