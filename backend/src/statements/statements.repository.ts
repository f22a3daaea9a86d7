import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StatementStatus } from '@newsdesk/shared';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { ADVISORY_LOCK_NAMESPACES } from '../database/advisory-locks.js';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';
import type { DeliveryRow, StatementRow, VersionJson } from './statements.mapper.js';

/** One statement version as a JSON object. */
const versionJson = (alias: string) => `json_build_object(
  'id', ${alias}.id, 'version', ${alias}.version, 'body', ${alias}.body,
  'createdAt', ${alias}.created_at, 'createdById', ${alias}.created_by_id,
  'approvedAt', ${alias}.approved_at, 'approvedById', ${alias}.approved_by_id)`;

/** Past its review date; a retired statement is no longer reviewed. */
const STALE = `(s.review_by IS NOT NULL AND s.review_by < current_date AND s.status <> 'retired')`;

/** Columns of a statement row: its current approved version and, if the latest version is newer and unapproved, that one. */
const STATEMENT_COLUMNS = `
  s.id, s.title, s.topic, s.status, to_char(s.review_by, 'YYYY-MM-DD') AS review_by, ${STALE} AS stale,
  s.created_at, s.updated_at, lower(s.title) AS sort_key,
  s.owner_id,
  (SELECT ${versionJson('v')} FROM statement_versions v WHERE v.id = s.current_version_id) AS current_version,
  (SELECT ${versionJson('v')}
     FROM (SELECT * FROM statement_versions WHERE statement_id = s.id ORDER BY version DESC LIMIT 1) v
    WHERE v.approved_at IS NULL AND s.status <> 'retired') AS pending_version`;

/** Columns of a delivery row, with what it points at as it is now. */
const DELIVERY_COLUMNS = `
  d.id, d.statement_id, d.statement_version_id, v.version, d.rfc_message_id, d.created_at, d.created_at::text AS sort_key,
  t.id AS ticket_id, t.reference AS ticket_reference, t.subject AS ticket_subject,
  j.id AS journalist_id, j.name AS journalist_name, j.email AS journalist_email,
  o.id AS outlet_id, o.name AS outlet_name,
  st.id AS story_id, st.title AS story_title, st.status AS story_status,
  d.sent_by_id`;

const DELIVERY_JOINS = `
  JOIN statement_versions v ON v.id = d.statement_version_id
  LEFT JOIN tickets_view t ON t.id = d.ticket_id
  LEFT JOIN journalists_view j ON j.id = d.journalist_id
  LEFT JOIN outlets_view o ON o.id = d.outlet_id
  LEFT JOIN stories_view st ON st.id = d.story_id`;

/** The lock row of a statement, read inside a transaction. */
export interface StatementStateRow {
  id: string;
  title: string;
  topic: string | null;
  owner_id: string | null;
  review_by: string | null;
  status: 'draft' | 'approved' | 'retired';
  current_version_id: string | null;
}

/** A statement whose latest version waits for approval, as the inbox query returns it. */
export interface StatementApprovalRow {
  statement_id: string;
  title: string;
  topic: string | null;
  status: 'draft' | 'approved';
  version_id: string;
  version: number;
  body: string;
  created_at: Date;
  created_by_id: string | null;
}

export interface StatementVersionStateRow {
  id: string;
  version: number;
  approved_at: Date | null;
  created_by_id: string | null;
}

/** A statement with its current version, as a sending reads it. */
export interface StatementSourceRow {
  id: string;
  title: string;
  status: string;
  version_id: string | null;
  version: number | null;
  body: string | null;
  approved_at: Date | null;
  stale: boolean;
}

/** The filters of the library list; `after` is the keyset position (lower-cased title, id). */
export interface StatementFilter {
  topic?: string | null;
  status?: StatementStatus;
  stale?: boolean;
  titlePattern?: string;
  after?: { key: string; id: string };
}

export interface NewDelivery {
  statementId: string;
  versionId: string;
  ticketId: string;
  journalistId: string | null;
  outletId: string | null;
  storyId: string | null;
  messageId: string;
  rfcMessageId: string;
  sentById: string;
}

/** The SQL of statements, statement_versions and statement_deliveries: typed rows in and out, no decisions. */
@Injectable()
export class StatementsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Statements whose latest version waits for approval (newest 200); `everyone` false: only versions `authorId` wrote. */
  findAwaitingApproval(everyone: boolean, authorId: string): Promise<StatementApprovalRow[]> {
    return sqlRows<StatementApprovalRow>(
      this.dataSource,
      `SELECT s.id AS statement_id, s.title, s.topic, s.status, v.id AS version_id, v.version, v.body, v.created_at, v.created_by_id
         FROM statements s
         JOIN LATERAL (SELECT * FROM statement_versions v WHERE v.statement_id = s.id ORDER BY v.version DESC LIMIT 1) v ON true
        WHERE s.status <> 'retired' AND v.approved_at IS NULL AND ($1 OR v.created_by_id = $2)
        ORDER BY v.created_at DESC, v.id DESC LIMIT 200`,
      [everyone, authorId],
    );
  }

  /** One page in title order; `limit` + 1 rows when there is a next page. */
  findPage(filter: StatementFilter, limit: number): Promise<StatementRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.topic) where.push(`s.topic = ${param(filter.topic)}`);
    if (filter.status) where.push(`s.status = ${param(filter.status)}`);
    if (filter.stale !== undefined) where.push(filter.stale ? STALE : `NOT ${STALE}`);
    if (filter.titlePattern) where.push(`s.title ILIKE ${param(filter.titlePattern)}`);
    if (filter.after) where.push(`(lower(s.title), s.id) > (${param(filter.after.key)}, ${param(filter.after.id)}::uuid)`);
    return sqlRows<StatementRow>(
      this.dataSource,
      `SELECT ${STATEMENT_COLUMNS} FROM statements s
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY lower(s.title), s.id
        LIMIT ${limit + 1}`,
      params,
    );
  }

  findById(id: string): Promise<StatementRow | null> {
    return sqlRow<StatementRow>(this.dataSource, `SELECT ${STATEMENT_COLUMNS} FROM statements s WHERE s.id = $1`, [id]);
  }

  /** Every version, newest first. */
  async findVersions(statementId: string): Promise<VersionJson[]> {
    const rows = await sqlRows<{ version: VersionJson }>(
      this.dataSource,
      `SELECT ${versionJson('v')} AS version FROM statement_versions v WHERE v.statement_id = $1 ORDER BY v.version DESC`,
      [statementId],
    );
    return rows.map((row) => row.version);
  }

  /** Locks the statement row: its versions and status change one at a time. */
  lockById(tx: EntityManager, id: string): Promise<StatementStateRow | null> {
    return sqlRow<StatementStateRow>(
      tx,
      `SELECT id, title, topic, owner_id, to_char(review_by, 'YYYY-MM-DD') AS review_by, status, current_version_id
         FROM statements WHERE id = $1 FOR UPDATE`,
      [id],
    );
  }

  async insert(tx: EntityManager, statement: { title: string; topic: string | null; ownerId: string | null; reviewBy: string | null; createdById: string }): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      tx,
      `INSERT INTO statements (title, topic, owner_id, review_by, created_by_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [statement.title, statement.topic, statement.ownerId, statement.reviewBy, statement.createdById],
    );
    return row.id;
  }

  async update(tx: EntityManager, id: string, fields: { title: string; topic: string | null; ownerId: string | null; reviewBy: string | null }): Promise<void> {
    await sqlExec(tx, `UPDATE statements SET title = $2, topic = $3, owner_id = $4, review_by = $5, updated_at = now() WHERE id = $1`, [
      id,
      fields.title,
      fields.topic,
      fields.ownerId,
      fields.reviewBy,
    ]);
  }

  async touch(tx: EntityManager, id: string): Promise<void> {
    await sqlExec(tx, `UPDATE statements SET updated_at = now() WHERE id = $1`, [id]);
  }

  async markApproved(tx: EntityManager, id: string, versionId: string): Promise<void> {
    await sqlExec(tx, `UPDATE statements SET status = 'approved', current_version_id = $2, updated_at = now() WHERE id = $1`, [id, versionId]);
  }

  async markRetired(tx: EntityManager, id: string): Promise<void> {
    await sqlExec(tx, `UPDATE statements SET status = 'retired', updated_at = now() WHERE id = $1`, [id]);
  }

  async insertVersion(tx: EntityManager, statementId: string, version: number, body: string, createdById: string): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      tx,
      `INSERT INTO statement_versions (statement_id, version, body, created_by_id) VALUES ($1, $2, $3, $4) RETURNING id`,
      [statementId, version, body, createdById],
    );
    return row.id;
  }

  findLatestVersion(tx: EntityManager, statementId: string): Promise<{ version: number; body: string } | null> {
    return sqlRow<{ version: number; body: string }>(tx, `SELECT version, body FROM statement_versions WHERE statement_id = $1 ORDER BY version DESC LIMIT 1`, [statementId]);
  }

  findVersion(tx: EntityManager, statementId: string, versionId: string): Promise<StatementVersionStateRow | null> {
    return sqlRow<StatementVersionStateRow>(tx, `SELECT id, version, approved_at, created_by_id FROM statement_versions WHERE id = $1 AND statement_id = $2`, [
      versionId,
      statementId,
    ]);
  }

  async latestVersionNumber(tx: EntityManager, statementId: string): Promise<number | null> {
    const row = await sqlRow<{ latest: number | null }>(tx, `SELECT max(version)::int AS latest FROM statement_versions WHERE statement_id = $1`, [statementId]);
    return row?.latest ?? null;
  }

  async versionNumber(tx: EntityManager, versionId: string): Promise<number | null> {
    const row = await sqlRow<{ version: number }>(tx, `SELECT version FROM statement_versions WHERE id = $1`, [versionId]);
    return row?.version ?? null;
  }

  async approveVersion(tx: EntityManager, versionId: string, approverId: string): Promise<void> {
    await sqlExec(tx, `UPDATE statement_versions SET approved_by_id = $2, approved_at = now() WHERE id = $1`, [versionId, approverId]);
  }

  /** A statement's deliveries, newest first, after the keyset position `before` (created_at as text, id); `limit` + 1 rows. */
  findDeliveries(statementId: string, before: { at: string; id: string } | null, limit: number): Promise<DeliveryRow[]> {
    const params: unknown[] = [statementId];
    let after = '';
    if (before) {
      params.push(before.at, before.id);
      after = `AND (d.created_at, d.id) < ($2::timestamptz, $3::uuid)`;
    }
    return sqlRows<DeliveryRow>(
      this.dataSource,
      `SELECT ${DELIVERY_COLUMNS} FROM statement_deliveries d ${DELIVERY_JOINS}
        WHERE d.statement_id = $1 ${after}
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT ${limit + 1}`,
      params,
    );
  }

  /** The statement with its current version and whether its review date has passed. */
  findSource(statementId: string): Promise<StatementSourceRow | null> {
    return sqlRow<StatementSourceRow>(
      this.dataSource,
      `SELECT s.id, s.title, s.status, v.id AS version_id, v.version, v.body, v.approved_at,
              (s.review_by IS NOT NULL AND s.review_by < current_date) AS stale
         FROM statements s LEFT JOIN statement_versions v ON v.id = s.current_version_id
        WHERE s.id = $1`,
      [statementId],
    );
  }

  /** When this version first went to this ticket, or null. */
  async firstDeliveredAt(versionId: string, ticketId: string): Promise<Date | null> {
    const row = await sqlRow<{ created_at: Date }>(
      this.dataSource,
      `SELECT created_at FROM statement_deliveries WHERE statement_version_id = $1 AND ticket_id = $2 ORDER BY created_at LIMIT 1`,
      [versionId, ticketId],
    );
    return row?.created_at ?? null;
  }

  moveDeliveriesJournalist(tx: EntityManager, fromId: string, toId: string): Promise<number> {
    return sqlExec(tx, `UPDATE statement_deliveries SET journalist_id = $2 WHERE journalist_id = $1`, [fromId, toId]);
  }

  moveDeliveriesOutlet(tx: EntityManager, fromId: string, toId: string): Promise<number> {
    return sqlExec(tx, `UPDATE statement_deliveries SET outlet_id = $2 WHERE outlet_id = $1`, [fromId, toId]);
  }

  async insertDelivery(tx: EntityManager, delivery: NewDelivery): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      tx,
      `INSERT INTO statement_deliveries (statement_id, statement_version_id, ticket_id, journalist_id, outlet_id, story_id, message_id, rfc_message_id, sent_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        delivery.statementId,
        delivery.versionId,
        delivery.ticketId,
        delivery.journalistId,
        delivery.outletId,
        delivery.storyId,
        delivery.messageId,
        delivery.rfcMessageId,
        delivery.sentById,
      ],
    );
    return row.id;
  }

  /** "Sending a statement to this ticket": a session lock on the sending's own connection, held across the reply's transaction. */
  async lockTicketSend(locks: QueryRunner, ticketId: string): Promise<void> {
    await locks.query('SELECT pg_advisory_lock($1, hashtext($2))', [ADVISORY_LOCK_NAMESPACES.statementSend, ticketId]);
  }

  async unlockTicketSend(locks: QueryRunner, ticketId: string): Promise<void> {
    await locks.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ADVISORY_LOCK_NAMESPACES.statementSend, ticketId]);
  }
}

/**
 * The library's texts as other modules' send-time checks read them, inside the reply's transaction:
 * every method takes the caller's `tx`, so the class needs no connection of its own.
 */
@Injectable()
export class StatementLibraryRepository {
  /** Every version's text (draft and retired included) with its statement's title, newest first. */
  findVersionTexts(tx: EntityManager): Promise<{ title: string; body: string }[]> {
    return sqlRows<{ title: string; body: string }>(tx, `SELECT s.title, v.body FROM statement_versions v JOIN statements s ON s.id = v.statement_id ORDER BY v.created_at DESC`);
  }

  /** True when this version is its statement's current approved one with exactly this text; share-locks the statement until commit. */
  async isApprovedCurrentText(tx: EntityManager, versionId: string, body: string): Promise<boolean> {
    const row = await sqlRow<{ found: number }>(
      tx,
      `SELECT 1 AS found FROM statements s JOIN statement_versions v ON v.id = s.current_version_id
        WHERE v.id = $1 AND s.status = 'approved' AND v.approved_at IS NOT NULL AND v.body = $2 FOR SHARE OF s`,
      [versionId, body],
    );
    return !!row;
  }
}
