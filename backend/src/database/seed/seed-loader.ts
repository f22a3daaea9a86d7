import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { buildCast, historyBatches, SEED_PASSWORD_HASH, type Cast, type HistoryBatch, type SeedOptions } from './synthetic-history.js';

export interface SeedRequest {
  tickets: number;
  seed: string;
  /** Office-local date the history ends on (exclusive); today when omitted. */
  end?: string;
  force: boolean;
}

export interface SeedResult {
  tickets: number;
  events: number;
  messages: number;
  outbound: number;
  journalists: number;
  outlets: number;
  officers: number;
  end: string;
  seconds: number;
}

export class SeedRefusedError extends Error {}

const BATCH_SIZE = 5_000;
/** The seeded offices' first-response targets (office minutes); the most specific applies (docs/metrics.md). */
const SEED_TARGETS: { tier: string | null; requestType: string | null; minutes: number }[] = [
  { tier: null, requestType: null, minutes: 240 },
  { tier: 'national', requestType: null, minutes: 30 },
  { tier: 'international', requestType: null, minutes: 60 },
  { tier: 'regional', requestType: null, minutes: 90 },
  { tier: null, requestType: 'interview', minutes: 480 },
  { tier: 'national', requestType: 'interview', minutes: 120 },
];
const ms = (column: string) => `to_timestamp(${column} / 1000.0)`;

/**
 * Loads a synthetic history (see synthetic-history.ts) with one multi-row INSERT per table and
 * batch (`INSERT … SELECT FROM unnest($1::uuid[], …)`): a few statements per 5,000 tickets.
 */
export class SeedLoader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Tickets, journalists or outlets already there: data someone may care about. */
  async hasData(): Promise<boolean> {
    const [{ found }] = (await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM tickets) OR EXISTS (SELECT 1 FROM journalists) OR EXISTS (SELECT 1 FROM outlets) AS found`,
    )) as { found: boolean }[];
    return found;
  }

  async load(request: SeedRequest, progress: (message: string) => void = () => undefined): Promise<SeedResult> {
    const started = performance.now();
    const empty = !(await this.hasData());
    if (!request.force && !empty) {
      throw new SeedRefusedError('The database already has tickets, journalists or outlets; seed only an empty database, or pass --force to add the synthetic history to it.');
    }
    const [frame] = (await this.dataSource.query(
      `SELECT d::text AS end, extract(epoch FROM d::timestamp AT TIME ZONE $2) * 1000 AS end_ms,
              extract(epoch FROM d::timestamp - ((d::timestamp AT TIME ZONE $2) AT TIME ZONE 'UTC')) / 60 AS offset_minutes
         FROM (SELECT coalesce($1::date, (now() AT TIME ZONE $2)::date) AS d) s`,
      [request.end ?? null, this.config.OFFICE_TIMEZONE],
    )) as { end: string; end_ms: string; offset_minutes: string }[];
    const options: SeedOptions = {
      tickets: request.tickets,
      seed: request.seed,
      end: Number(frame.end_ms),
      days: 365,
      utcOffsetMinutes: Number(frame.offset_minutes),
    };
    const cast = buildCast(options);
    const totals = { tickets: 0, events: 0, messages: 0, outbound: 0 };

    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Losing the last moments of a synthetic load to a crash is fine; waiting for every fsync is not.
      await runner.query('SET synchronous_commit = off');
      const [{ taken }] = (await runner.query('SELECT EXISTS (SELECT 1 FROM users WHERE id = ANY($1::uuid[])) AS taken', [cast.users.map((u) => u.id)])) as { taken: boolean }[];
      if (taken) throw new SeedRefusedError(`The history of seed "${request.seed}" is already loaded here; choose another --seed.`);
      // Row triggers (live-update notifications, foreign-key checks) would fire millions of times; the
      // rollups they would mark are rebuilt afterwards. Without the privilege, the event triggers are
      // switched off inside each transaction instead.
      const replica = await runner.query(`SET session_replication_role = replica`).then(
        () => true,
        () => false,
      );
      const loadRows = async (tx: EntityManager, batch: HistoryBatch) => {
        if (!replica) await tx.query('ALTER TABLE events DISABLE TRIGGER USER');
        await this.insertBatch(tx, batch);
        if (!replica) await tx.query('ALTER TABLE events ENABLE TRIGGER USER');
      };
      const count = (batch: HistoryBatch & { done: number }) => {
        totals.tickets += batch.tickets.id.length;
        totals.events += batch.events.type.length;
        totals.messages += batch.messages.id.length;
        totals.outbound += batch.outbound.id.length;
        if (batch.done % 100_000 < BATCH_SIZE || batch.done === request.tickets) progress(`${batch.done} tickets loaded`);
      };
      const batches = historyBatches(options, cast, BATCH_SIZE);

      if (empty) {
        // An empty database: one transaction, secondary indexes built once at the end rather than
        // maintained row by row; a failure leaves the database as it was.
        await runner.startTransaction();
        await runner.query(`SET LOCAL maintenance_work_mem = '1GB'`);
        const indexes = await this.dropSecondaryIndexes(runner.manager);
        await this.insertCast(runner.manager, cast);
        // The next batch is generated while PostgreSQL stores the current one.
        for (let next = batches.next(); !next.done; ) {
          const batch = next.value;
          const storing = loadRows(runner.manager, batch);
          next = batches.next();
          await storing;
          count(batch);
        }
        progress(`building ${indexes.length} indexes`);
        for (const definition of indexes) await runner.query(definition);
        await runner.commitTransaction();
      } else {
        await runner.startTransaction();
        await this.insertCast(runner.manager, cast);
        await runner.commitTransaction();
        for (const batch of batches) {
          await runner.startTransaction();
          await loadRows(runner.manager, batch);
          await runner.commitTransaction();
          count(batch);
        }
      }
      if (replica) await runner.query('RESET session_replication_role');
      await runner.query('RESET synchronous_commit');
      // Planner statistics for what the metrics and the queue read first; a small sample for the big
      // log tables (autovacuum refines them later), as a full one reads tens of thousands of cold pages.
      progress('analysing tables');
      await runner.query('ANALYZE tickets, journalists, outlets, users');
      await runner.query('SET default_statistics_target = 10');
      await runner.query('ANALYZE events, messages, outbound_messages');
      await runner.query('RESET default_statistics_target');
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
    return {
      ...totals,
      journalists: cast.journalists.length,
      outlets: cast.outlets.length,
      officers: cast.officers.length,
      end: frame.end,
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** Drops the indexes of the bulk-loaded tables that back no constraint; returns the statements that recreate them. */
  private async dropSecondaryIndexes(tx: EntityManager): Promise<string[]> {
    const rows = (await tx.query(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i
        WHERE i.indrelid = ANY (ARRAY['tickets', 'events', 'messages', 'outbound_messages']::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY i.indexrelid`,
    )) as { name: string; definition: string }[];
    for (const row of rows) await tx.query(`DROP INDEX ${row.name}`);
    return rows.map((row) => row.definition);
  }

  private async insertCast(tx: EntityManager, cast: Cast): Promise<void> {
    // First-response targets, so the queue and the metrics show them; an office's own targets are kept.
    await tx.query(
      `INSERT INTO response_targets (tier, request_type, minutes)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
       ON CONFLICT ((coalesce(tier, '')), (coalesce(request_type, ''))) DO NOTHING`,
      [SEED_TARGETS.map((t) => t.tier), SEED_TARGETS.map((t) => t.requestType), SEED_TARGETS.map((t) => t.minutes)],
    );
    await tx.query(
      `INSERT INTO users (id, email, name, role, password_hash)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u, (SELECT $5::text) p ON CONFLICT DO NOTHING`,
      [cast.users.map((u) => u.id), cast.users.map((u) => u.email), cast.users.map((u) => u.name), cast.users.map((u) => u.role), SEED_PASSWORD_HASH],
    );
    await tx.query(`INSERT INTO teams (id, name) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING`, [
      cast.teams.map((team) => team.id),
      cast.teams.map((team) => team.name),
    ]);
    const members = cast.teams.flatMap((team) => team.memberIds.map((userId) => [team.id, userId]));
    await tx.query(`INSERT INTO team_members (team_id, user_id) SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING`, [
      members.map(([teamId]) => teamId),
      members.map(([, userId]) => userId),
    ]);
    await tx.query(
      `INSERT INTO outlets (id, name, domains, tier)
       SELECT id, name, ARRAY[domain], tier FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, name, domain, tier)`,
      [cast.outlets.map((o) => o.id), cast.outlets.map((o) => o.name), cast.outlets.map((o) => o.domain), cast.outlets.map((o) => o.tier)],
    );
    await tx.query(
      `INSERT INTO journalists (id, name, email, outlet_id) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[])`,
      [cast.journalists.map((j) => j.id), cast.journalists.map((j) => j.name), cast.journalists.map((j) => j.email), cast.journalists.map((j) => j.outletId)],
    );
  }

  private async insertBatch(tx: EntityManager, batch: HistoryBatch): Promise<void> {
    const t = batch.tickets;
    await tx.query(
      `INSERT INTO tickets (id, subject, status, priority, channel, request_type, tags, deadline_at, assignee_id, journalist_id, outlet_id,
                            outcome, created_by_id, acknowledged_at, first_response_at, resolved_at, closed_at, reopen_count,
                            last_activity_at, search_text, created_at, updated_at, target_minutes, target_due_at, target_officer_id)
       SELECT id, subject, status, priority, channel, request_type, string_to_array(tags, ','), ${ms('deadline_at')}, assignee_id,
              journalist_id, outlet_id, outcome, created_by_id, ${ms('acknowledged_at')}, ${ms('first_response_at')}, ${ms('resolved_at')},
              ${ms('closed_at')}, reopen_count, ${ms('last_activity_at')}, search_text, ${ms('created_at')}, ${ms('last_activity_at')},
              target_minutes, office_due_at(${ms('created_at')}, target_minutes),
              CASE WHEN first_response_at IS NOT NULL THEN assignee_id END
         FROM (SELECT *, response_target_minutes(outlet_id, request_type) AS target_minutes FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::uuid[], $10::uuid[],
                     $11::uuid[], $12::text[], $13::uuid[], $14::float8[], $15::float8[], $16::float8[], $17::float8[], $18::int[], $19::float8[],
                     $20::text[], $21::float8[])
           AS u(id, subject, status, priority, channel, request_type, tags, deadline_at, assignee_id, journalist_id, outlet_id, outcome,
                created_by_id, acknowledged_at, first_response_at, resolved_at, closed_at, reopen_count, last_activity_at, search_text, created_at)) u`,
      [t.id, t.subject, t.status, t.priority, t.channel, t.requestType, t.tags, t.deadlineAt, t.assigneeId, t.journalistId, t.outletId, t.outcome,
        t.createdById, t.acknowledgedAt, t.firstResponseAt, t.resolvedAt, t.closedAt, t.reopenCount, t.lastActivityAt, t.searchText, t.createdAt],
    );
    const e = batch.events;
    await tx.query(
      `INSERT INTO events (type, entity_type, entity_id, ticket_id, actor_id, before, after, created_at)
       SELECT type, entity_type, entity_id, ticket_id, actor_id, before::jsonb, after::jsonb, ${ms('created_at')}
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::float8[])
           AS u(type, entity_type, entity_id, ticket_id, actor_id, before, after, created_at)`,
      [e.type, e.entityType, e.entityId, e.ticketId, e.actorId, e.before, e.after, e.createdAt],
    );
    const m = batch.messages;
    await tx.query(
      `INSERT INTO messages (id, ticket_id, kind, from_name, from_address, subject, text, author_id, created_at)
       SELECT id, ticket_id, kind, from_name, from_address, subject, text, author_id, ${ms('created_at')}
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::float8[])
           AS u(id, ticket_id, kind, from_name, from_address, subject, text, author_id, created_at)`,
      [m.id, m.ticketId, m.kind, m.fromName, m.fromAddress, m.subject, m.text, m.authorId, m.createdAt],
    );
    // The tickets' newest inbound/outbound times, as TicketRecordsService.recordMessageTimes keeps them.
    await tx.query(
      `UPDATE tickets t SET last_inbound_at = greatest(t.last_inbound_at, m.inbound), last_outbound_at = greatest(t.last_outbound_at, m.outbound)
         FROM (SELECT ticket_id, max(created_at) FILTER (WHERE kind = 'inbound') AS inbound, max(created_at) FILTER (WHERE kind = 'outbound') AS outbound
                 FROM messages WHERE ticket_id = ANY($1::uuid[]) GROUP BY ticket_id) m
        WHERE t.id = m.ticket_id`,
      [[...new Set(m.ticketId)]],
    );
    const o = batch.outbound;
    await tx.query(
      `INSERT INTO outbound_messages (id, kind, status, ticket_id, message_id, from_address, to_addresses, subject, text, rfc_message_id,
                                      attempts, next_attempt_at, created_at, sent_at)
       SELECT id, kind, 'sent', ticket_id, message_id, $11, to_addresses::jsonb, subject, text, rfc_message_id, 1,
              ${ms('created_at')}, ${ms('created_at')}, ${ms('sent_at')}
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::float8[])
           AS u(id, kind, ticket_id, message_id, to_addresses, subject, text, rfc_message_id, created_at, sent_at)`,
      [o.id, o.kind, o.ticketId, o.messageId, o.to, o.subject, o.text, o.rfcMessageId, o.createdAt, o.sentAt, this.config.intakeAddresses[0]],
    );
  }
}
