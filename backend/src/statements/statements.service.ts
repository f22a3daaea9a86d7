import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page, StatementApprovalDto, StatementDeliveryDto, StatementDetailDto, StatementSummaryDto } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { cursorCodec } from '../common/cursor.js';
import { isUuid } from '../common/ids.js';
import type { RequestUser } from '../common/request-user.js';
import { containsPattern } from '../contacts/name-cursor.js';
import { EventsService } from '../events/events.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { UsersService } from '../users/users.service.js';
import type { CreateStatementDto, CreateStatementVersionDto, UpdateStatementDto } from './dto/statement.dto.js';
import type { ListDeliveriesQuery, ListStatementsQuery } from './dto/list-statements.query.js';
import {
  DELIVERY_COLUMNS,
  DELIVERY_JOINS,
  STALE,
  STATEMENT_COLUMNS,
  STATEMENT_JOINS,
  toStatementDeliveryDto,
  toStatementDetailDto,
  toStatementSummaryDto,
  versionJson,
  type DeliveryRow,
  type StatementRow,
} from './statements.mapper.js';

const DEFAULT_PAGE_SIZE = 25;
const PAGE_CURSOR = cursorCodec('statements', ['text', 'uuid']);
/** The keyset position of a delivery: created_at as PostgreSQL's text (microseconds kept), then id. */
const DELIVERY_CURSOR = cursorCodec('statement-deliveries', ['timestamp', 'uuid']);

/** The lock row of a statement, read inside a transaction. */
interface StatementState {
  id: string;
  title: string;
  topic: string | null;
  owner_id: string | null;
  review_by: string | null;
  status: 'draft' | 'approved' | 'retired';
  current_version_id: string | null;
}

/** A statement whose latest version waits for approval, as the inbox query returns it. */
interface StatementApprovalRow {
  statement_id: string;
  title: string;
  topic: string | null;
  status: 'draft' | 'approved';
  version_id: string;
  version: number;
  body: string;
  created_at: Date;
  created_by_id: string | null;
  written_by_name: string | null;
}

function toStatementApprovalDto(row: StatementApprovalRow): StatementApprovalDto {
  return {
    statementId: row.statement_id,
    title: row.title,
    topic: row.topic,
    versionId: row.version_id,
    version: row.version,
    body: row.body,
    writtenBy: row.created_by_id ? { id: row.created_by_id, name: row.written_by_name ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    statementStatus: row.status,
  };
}

const canGovern = (user: RequestUser) => user.role === 'manager' || user.role === 'admin';
const normaliseTopic = (topic: string | null | undefined) => (topic?.trim() ? topic.trim().toLowerCase() : null);

/**
 * The statement library ("lines to take"): every wording is a version that is never edited;
 * a manager or admin approves the latest version, which then becomes the one sent. Any staff
 * member may draft; approving and retiring are for managers and admins.
 */
@Injectable()
export class StatementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
  ) {}

  /** Statements whose latest version waits for approval: all of them for managers and admins, one's own for others. */
  async awaitingApproval(user: RequestUser): Promise<StatementApprovalDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT s.id AS statement_id, s.title, s.topic, s.status, v.id AS version_id, v.version, v.body, v.created_at, v.created_by_id, u.name AS written_by_name
         FROM statements s
         JOIN LATERAL (SELECT * FROM statement_versions v WHERE v.statement_id = s.id ORDER BY v.version DESC LIMIT 1) v ON true
         LEFT JOIN users u ON u.id = v.created_by_id
        WHERE s.status <> 'retired' AND v.approved_at IS NULL AND ($1 OR v.created_by_id = $2)
        ORDER BY v.created_at DESC, v.id DESC LIMIT 200`,
      [canGovern(user), user.id],
    )) as StatementApprovalRow[];
    return rows.map(toStatementApprovalDto);
  }

  async list(query: ListStatementsQuery, _user: RequestUser): Promise<Page<StatementSummaryDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.topic?.trim()) where.push(`s.topic = ${param(normaliseTopic(query.topic))}`);
    if (query.status) where.push(`s.status = ${param(query.status)}`);
    if (query.stale !== undefined) where.push(query.stale ? STALE : `NOT ${STALE}`);
    if (query.q?.trim()) where.push(`s.title ILIKE ${param(containsPattern(query.q.trim()))}`);
    if (query.cursor) {
      const [afterKey, afterId] = PAGE_CURSOR.decode(query.cursor);
      where.push(`(lower(s.title), s.id) > (${param(afterKey)}, ${param(afterId)}::uuid)`);
    }
    const rows = (await this.dataSource.query(
      `SELECT ${STATEMENT_COLUMNS} FROM statements s ${STATEMENT_JOINS}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY lower(s.title), s.id
        LIMIT ${limit + 1}`,
      params,
    )) as StatementRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toStatementSummaryDto),
      nextCursor: rows.length > limit && last ? PAGE_CURSOR.encode([last.sort_key, last.id]) : null,
    };
  }

  async get(id: string, _user: RequestUser): Promise<StatementDetailDto> {
    const [row] = isUuid(id)
      ? ((await this.dataSource.query(`SELECT ${STATEMENT_COLUMNS} FROM statements s ${STATEMENT_JOINS} WHERE s.id = $1`, [id])) as StatementRow[])
      : [];
    if (!row) throw new NotFoundException(`Statement ${id} not found`);
    const versions = (await this.dataSource.query(
      `SELECT ${versionJson('v')} AS version FROM statement_versions v WHERE v.statement_id = $1 ORDER BY v.version DESC`,
      [id],
    )) as { version: Parameters<typeof toStatementDetailDto>[1][number] }[];
    return toStatementDetailDto(row, versions.map((version) => version.version));
  }

  async create(input: CreateStatementDto, user: RequestUser): Promise<StatementDetailDto> {
    const id = await this.dataSource.transaction(async (tx) => {
      const ownerId = input.ownerId === undefined ? user.id : input.ownerId;
      if (ownerId) await this.assertActiveUser(ownerId, tx);
      const [statement] = (await tx.query(
        `INSERT INTO statements (title, topic, owner_id, review_by, created_by_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.title, normaliseTopic(input.topic), ownerId, input.reviewBy ?? null, user.id],
      )) as { id: string }[];
      const [version] = (await tx.query(
        `INSERT INTO statement_versions (statement_id, version, body, created_by_id) VALUES ($1, 1, $2, $3) RETURNING id`,
        [statement.id, input.body, user.id],
      )) as { id: string }[];
      await this.events.record(
        {
          type: 'statement.created',
          entityType: 'statement',
          entityId: statement.id,
          actorId: user.id,
          after: { title: input.title, topic: normaliseTopic(input.topic), ownerId, reviewBy: input.reviewBy ?? null, status: 'draft', versionId: version.id, version: 1 },
        },
        tx,
      );
      await this.notifications.statementWaiting(tx, { title: input.title, version: 1 }, user.id);
      return statement.id;
    });
    return this.get(id, user);
  }

  /** Title, topic, owner, review date; only managers and admins move the owner or the review date. */
  async update(id: string, input: UpdateStatementDto, user: RequestUser): Promise<StatementDetailDto> {
    await this.dataSource.transaction(async (tx) => {
      const statement = await this.lock(id, tx);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const set = (field: string, from: unknown, to: unknown) => {
        if (to === undefined || to === from) return;
        before[field] = from;
        after[field] = to;
      };
      set('title', statement.title, input.title);
      set('topic', statement.topic, input.topic === undefined ? undefined : normaliseTopic(input.topic));
      set('ownerId', statement.owner_id, input.ownerId);
      set('reviewBy', statement.review_by, input.reviewBy);
      if (!Object.keys(after).length) return;
      if (('ownerId' in after || 'reviewBy' in after) && !canGovern(user)) {
        throw new ForbiddenException("Only managers and admins can change a statement's owner or review date");
      }
      if (typeof after.ownerId === 'string') await this.assertActiveUser(after.ownerId, tx);
      await tx.query(
        `UPDATE statements SET title = $2, topic = $3, owner_id = $4, review_by = $5, updated_at = now() WHERE id = $1`,
        [
          id,
          'title' in after ? after.title : statement.title,
          'topic' in after ? after.topic : statement.topic,
          'ownerId' in after ? after.ownerId : statement.owner_id,
          'reviewBy' in after ? after.reviewBy : statement.review_by,
        ],
      );
      await this.events.record({ type: 'statement.updated', entityType: 'statement', entityId: id, actorId: user.id, before, after }, tx);
    });
    return this.get(id, user);
  }

  /** A new wording: a draft version; the current approved one stays in force until this one is approved. */
  async addVersion(id: string, input: CreateStatementVersionDto, user: RequestUser): Promise<StatementDetailDto> {
    await this.dataSource.transaction(async (tx) => {
      const statement = await this.lock(id, tx);
      if (statement.status === 'retired') throw new ConflictException(`"${statement.title}" is retired: write a new statement instead`);
      const [latest] = (await tx.query(`SELECT version, body FROM statement_versions WHERE statement_id = $1 ORDER BY version DESC LIMIT 1`, [id])) as {
        version: number;
        body: string;
      }[];
      if (latest.body === input.body) throw new BadRequestException(`The text is the same as version ${latest.version}`);
      const [version] = (await tx.query(
        `INSERT INTO statement_versions (statement_id, version, body, created_by_id) VALUES ($1, $2, $3, $4) RETURNING id`,
        [id, latest.version + 1, input.body, user.id],
      )) as { id: string }[];
      await tx.query(`UPDATE statements SET updated_at = now() WHERE id = $1`, [id]);
      await this.events.record(
        { type: 'statement.version_created', entityType: 'statement', entityId: id, actorId: user.id, after: { versionId: version.id, version: latest.version + 1 } },
        tx,
      );
      await this.notifications.statementWaiting(tx, { title: statement.title, version: latest.version + 1 }, user.id);
    });
    return this.get(id, user);
  }

  /** Approves the latest version: it is locked (as every version is) and becomes the one sent. */
  async approve(id: string, versionId: string, user: RequestUser): Promise<StatementDetailDto> {
    if (!canGovern(user)) throw new ForbiddenException('Only managers and admins can approve statements');
    await this.dataSource.transaction(async (tx) => {
      const statement = await this.lock(id, tx);
      const [version] = isUuid(versionId)
        ? ((await tx.query(`SELECT id, version, approved_at, created_by_id FROM statement_versions WHERE id = $1 AND statement_id = $2`, [versionId, id])) as {
            id: string;
            version: number;
            approved_at: Date | null;
            created_by_id: string | null;
          }[])
        : [];
      if (!version) throw new NotFoundException(`Version ${versionId} of this statement not found`);
      if (statement.status === 'retired') throw new ConflictException(`"${statement.title}" is retired and can no longer be approved`);
      if (version.approved_at) throw new ConflictException(`Version ${version.version} is already approved`);
      if (version.created_by_id === user.id) {
        throw new ForbiddenException('You cannot approve a version you wrote yourself; ask another manager or admin');
      }
      const [{ latest }] = (await tx.query(`SELECT max(version)::int AS latest FROM statement_versions WHERE statement_id = $1`, [id])) as { latest: number }[];
      if (version.version !== latest) {
        throw new ConflictException(`Version ${version.version} was replaced by version ${latest}: approve the latest version`);
      }
      const [previous] = statement.current_version_id
        ? ((await tx.query(`SELECT version FROM statement_versions WHERE id = $1`, [statement.current_version_id])) as { version: number }[])
        : [];
      await tx.query(`UPDATE statement_versions SET approved_by_id = $2, approved_at = now() WHERE id = $1`, [version.id, user.id]);
      await tx.query(`UPDATE statements SET status = 'approved', current_version_id = $2, updated_at = now() WHERE id = $1`, [id, version.id]);
      await this.events.record(
        {
          type: 'statement.approved',
          entityType: 'statement',
          entityId: id,
          actorId: user.id,
          before: { status: statement.status, currentVersionId: statement.current_version_id, version: previous?.version ?? null },
          after: { status: 'approved', currentVersionId: version.id, version: version.version },
        },
        tx,
      );
      await this.notifications.statementApproved(tx, { id, title: statement.title, version: version.version }, version.created_by_id, user.id);
    });
    return this.get(id, user);
  }

  /** Retired statements stay in the library for the record but can no longer be sent, edited or approved. */
  async retire(id: string, user: RequestUser): Promise<StatementDetailDto> {
    if (!canGovern(user)) throw new ForbiddenException('Only managers and admins can retire statements');
    await this.dataSource.transaction(async (tx) => {
      const statement = await this.lock(id, tx);
      if (statement.status === 'retired') throw new ConflictException(`"${statement.title}" is already retired`);
      await tx.query(`UPDATE statements SET status = 'retired', updated_at = now() WHERE id = $1`, [id]);
      await this.events.record(
        { type: 'statement.retired', entityType: 'statement', entityId: id, actorId: user.id, before: { status: statement.status }, after: { status: 'retired' } },
        tx,
      );
    });
    return this.get(id, user);
  }

  /** Which version went to which journalist and outlet, when, and by whom: newest first. */
  async deliveries(id: string, query: ListDeliveriesQuery, user: RequestUser): Promise<Page<StatementDeliveryDto>> {
    await this.get(id, user);
    const limit = query.limit ?? 50;
    const params: unknown[] = [id];
    let after = '';
    if (query.cursor) {
      params.push(...DELIVERY_CURSOR.decode(query.cursor));
      after = `AND (d.created_at, d.id) < ($2::timestamptz, $3::uuid)`;
    }
    const rows = (await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM statement_deliveries d ${DELIVERY_JOINS}
        WHERE d.statement_id = $1 ${after}
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT ${limit + 1}`,
      params,
    )) as DeliveryRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toStatementDeliveryDto),
      nextCursor: rows.length > limit && last ? DELIVERY_CURSOR.encode([last.sort_key, last.id]) : null,
    };
  }

  private async lock(id: string, tx: EntityManager): Promise<StatementState> {
    const [statement] = isUuid(id)
      ? ((await tx.query(
          `SELECT id, title, topic, owner_id, to_char(review_by, 'YYYY-MM-DD') AS review_by, status, current_version_id
             FROM statements WHERE id = $1 FOR UPDATE`,
          [id],
        )) as StatementState[])
      : [];
    if (!statement) throw new NotFoundException(`Statement ${id} not found`);
    return statement;
  }

  private async assertActiveUser(userId: string, tx: EntityManager): Promise<void> {
    if (!(await this.users.isActive(tx, userId))) throw new BadRequestException('ownerId must be an active user');
  }
}
