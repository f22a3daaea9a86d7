import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
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
import { peopleOf, toStatementDeliveryDto, toStatementDetailDto, toStatementSummaryDto, type People } from './statements.mapper.js';
import { StatementsRepository, type StatementApprovalRow, type StatementStateRow } from './statements.repository.js';
import { conflict } from '../common/http-errors.js';

const DEFAULT_PAGE_SIZE = 25;
const PAGE_CURSOR = cursorCodec('statements', ['text', 'uuid']);
/** The keyset position of a delivery: created_at as PostgreSQL's text (microseconds kept), then id. */
const DELIVERY_CURSOR = cursorCodec('statement-deliveries', ['timestamp', 'uuid']);
const afterKey = ([key, id]: [string, string]) => ({ key, id });

function toStatementApprovalDto(row: StatementApprovalRow, people: People): StatementApprovalDto {
  return {
    statementId: row.statement_id,
    title: row.title,
    topic: row.topic,
    versionId: row.version_id,
    version: row.version,
    body: row.body,
    writtenBy: row.created_by_id ? { id: row.created_by_id, name: people.get(row.created_by_id)?.name ?? '' } : null,
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
    private readonly statements: StatementsRepository,
  ) {}

  /** Statements whose latest version waits for approval: all of them for managers and admins, one's own for others. */
  async awaitingApproval(user: RequestUser): Promise<StatementApprovalDto[]> {
    const rows = await this.statements.findAwaitingApproval(canGovern(user), user.id);
    const people = await this.users.refsByIds(rows.map((row) => row.created_by_id));
    return rows.map((row) => toStatementApprovalDto(row, people));
  }

  async list(query: ListStatementsQuery, _user: RequestUser): Promise<Page<StatementSummaryDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.statements.findPage(
      {
        topic: query.topic?.trim() ? normaliseTopic(query.topic) : null,
        status: query.status,
        stale: query.stale,
        titlePattern: query.q?.trim() ? containsPattern(query.q.trim()) : undefined,
        after: query.cursor ? afterKey(PAGE_CURSOR.decode(query.cursor)) : undefined,
      },
      limit,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const people = await this.users.refsByIds(peopleOf(page, page.flatMap((row) => [row.current_version, row.pending_version])));
    return {
      items: page.map((row) => toStatementSummaryDto(row, people)),
      nextCursor: rows.length > limit && last ? PAGE_CURSOR.encode([last.sort_key, last.id]) : null,
    };
  }

  async get(id: string, _user: RequestUser): Promise<StatementDetailDto> {
    const row = isUuid(id) ? await this.statements.findById(id) : null;
    if (!row) throw new NotFoundException(`Statement ${id} not found`);
    const versions = await this.statements.findVersions(id);
    const people = await this.users.refsByIds(peopleOf([row], [row.current_version, row.pending_version, ...versions]));
    return toStatementDetailDto(row, versions, people);
  }

  async create(input: CreateStatementDto, user: RequestUser): Promise<StatementDetailDto> {
    const id = await this.dataSource.transaction(async (tx) => {
      const ownerId = input.ownerId === undefined ? user.id : input.ownerId;
      if (ownerId) await this.assertActiveUser(ownerId, tx);
      const statementId = await this.statements.insert(tx, { title: input.title, topic: normaliseTopic(input.topic), ownerId, reviewBy: input.reviewBy ?? null, createdById: user.id });
      const versionId = await this.statements.insertVersion(tx, statementId, 1, input.body, user.id);
      await this.events.record(
        {
          type: 'statement.created',
          entityType: 'statement',
          entityId: statementId,
          actorId: user.id,
          after: { title: input.title, topic: normaliseTopic(input.topic), ownerId, reviewBy: input.reviewBy ?? null, status: 'draft', versionId, version: 1 },
        },
        tx,
      );
      await this.notifications.statementWaiting(tx, { title: input.title, version: 1 }, user.id);
      return statementId;
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
      await this.statements.update(tx, id, {
        title: input.title ?? statement.title,
        topic: input.topic === undefined ? statement.topic : normaliseTopic(input.topic),
        ownerId: input.ownerId === undefined ? statement.owner_id : input.ownerId,
        reviewBy: input.reviewBy === undefined ? statement.review_by : input.reviewBy,
      });
      await this.events.record({ type: 'statement.updated', entityType: 'statement', entityId: id, actorId: user.id, before, after }, tx);
    });
    return this.get(id, user);
  }

  /** A new wording: a draft version; the current approved one stays in force until this one is approved. */
  async addVersion(id: string, input: CreateStatementVersionDto, user: RequestUser): Promise<StatementDetailDto> {
    await this.dataSource.transaction(async (tx) => {
      const statement = await this.lock(id, tx);
      if (statement.status === 'retired') throw conflict('invalid_state', `"${statement.title}" is retired: write a new statement instead`);
      const latest = await this.statements.findLatestVersion(tx, id);
      if (!latest) throw new NotFoundException(`Statement ${id} has no version`);
      if (latest.body === input.body) throw new BadRequestException(`The text is the same as version ${latest.version}`);
      const versionId = await this.statements.insertVersion(tx, id, latest.version + 1, input.body, user.id);
      await this.statements.touch(tx, id);
      await this.events.record(
        { type: 'statement.version_created', entityType: 'statement', entityId: id, actorId: user.id, after: { versionId, version: latest.version + 1 } },
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
      const version = isUuid(versionId) ? await this.statements.findVersion(tx, id, versionId) : null;
      if (!version) throw new NotFoundException(`Version ${versionId} of this statement not found`);
      if (statement.status === 'retired') throw conflict('invalid_state', `"${statement.title}" is retired and can no longer be approved`);
      if (version.approved_at) throw conflict('invalid_state', `Version ${version.version} is already approved`);
      if (version.created_by_id === user.id) {
        throw new ForbiddenException('You cannot approve a version you wrote yourself; ask another manager or admin');
      }
      const latest = await this.statements.latestVersionNumber(tx, id);
      if (version.version !== latest) {
        throw conflict('invalid_state', `Version ${version.version} was replaced by version ${latest}: approve the latest version`);
      }
      const previous = statement.current_version_id ? await this.statements.versionNumber(tx, statement.current_version_id) : null;
      await this.statements.approveVersion(tx, version.id, user.id);
      await this.statements.markApproved(tx, id, version.id);
      await this.events.record(
        {
          type: 'statement.approved',
          entityType: 'statement',
          entityId: id,
          actorId: user.id,
          before: { status: statement.status, currentVersionId: statement.current_version_id, version: previous },
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
      if (statement.status === 'retired') throw conflict('invalid_state', `"${statement.title}" is already retired`);
      await this.statements.markRetired(tx, id);
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
    let before: { at: string; id: string } | null = null;
    if (query.cursor) {
      const [at, beforeId] = DELIVERY_CURSOR.decode(query.cursor);
      before = { at, id: beforeId };
    }
    const rows = await this.statements.findDeliveries(id, before, limit);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const people = await this.users.refsByIds(peopleOf(page, []));
    return {
      items: page.map((row) => toStatementDeliveryDto(row, people)),
      nextCursor: rows.length > limit && last ? DELIVERY_CURSOR.encode([last.sort_key, last.id]) : null,
    };
  }

  private async lock(id: string, tx: EntityManager): Promise<StatementStateRow> {
    const statement = isUuid(id) ? await this.statements.lockById(tx, id) : null;
    if (!statement) throw new NotFoundException(`Statement ${id} not found`);
    return statement;
  }

  private async assertActiveUser(userId: string, tx: EntityManager): Promise<void> {
    if (!(await this.users.isActive(tx, userId))) throw new BadRequestException('ownerId must be an active user');
  }
}
