import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { ApprovalDto, ApprovalRuleDto, ApprovalStatus } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { EventsService } from '../events/events.service.js';
import { MessagesService } from '../messages/messages.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { UserRefRow } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { RepliesService } from '../outbound/replies.service.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { isApprover } from './approval-rules.js';
import type { ApproveDto, CreateApprovalRuleDto, RejectDto } from './dto/approval.dto.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { ApprovalsRepository, type ApprovalRow, type ApprovalVersionRow } from './approvals.repository.js';
import { conflict } from '../common/http-errors.js';

/**
 * Sign-off for replies: approvers (managers, admins, or users given the approver right) approve,
 * edit-then-approve (a new locked version) or reject with a comment; only an approved reply
 * reaches the outbox. Nobody approves their own reply.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly replies: RepliesService,
    private readonly tickets: TicketsService,
    private readonly messages: MessagesService,
    private readonly events: EventsService,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
    private readonly approvals: ApprovalsRepository,
  ) {}

  /** Approvers see every approval; other officers only the replies they sent for approval. */
  async list(status: ApprovalStatus | undefined, user: RequestUser): Promise<ApprovalDto[]> {
    const approver = await this.isApprover(user);
    const rows = await this.approvals.findPage(status ?? null, approver, user.id);
    return this.toDtos(rows);
  }

  async get(id: string, user: RequestUser): Promise<ApprovalDto> {
    const row = await this.find(id);
    if (row.requested_by_id !== user.id && !(await this.isApprover(user))) throw new NotFoundException('Approval not found');
    return (await this.toDtos([row]))[0];
  }

  async approve(id: string, input: ApproveDto, approver: RequestUser): Promise<ApprovalDto> {
    await this.assertApprover(approver);
    await this.dataSource.transaction(async (tx) => {
      const row = await this.approvals.lockById(tx, id);
      this.assertDecidable(row, approver);
      if (input.body !== undefined) {
        await this.approvals.insertNextVersion(tx, id, input.body, approver.id);
        const rendered = this.replies.render(input.body, row.format, await this.messages.authorSignature(tx, row.message_id));
        await this.messages.replaceBody(tx, row.message_id, rendered);
      }
      await this.approvals.decide(tx, id, 'approved', approver.id, input.comment ?? null);
      await this.messages.markApproved(tx, row.message_id);
      await this.events.record(
        { type: 'approval.approved', entityType: 'approval', entityId: id, ticketId: row.ticket_id, actorId: approver.id, after: { edited: input.body !== undefined, comment: input.comment ?? null } },
        tx,
      );
      const ticket = await this.tickets.lockForChange(tx, row.ticket_id);
      await this.replies.dispatch(tx, ticket, row.message_id, { status: row.send_status, outcome: row.send_outcome, scheduledFor: row.send_at }, approver.id);
      await this.notifications.approvalDecided(tx, this.ticketRef(row), row.requested_by_id, { outcome: 'approved', approverId: approver.id, comment: input.comment ?? null });
    });
    return this.get(id, approver);
  }

  async reject(id: string, input: RejectDto, approver: RequestUser): Promise<ApprovalDto> {
    await this.assertApprover(approver);
    await this.dataSource.transaction(async (tx) => {
      const row = await this.approvals.lockById(tx, id);
      this.assertDecidable(row, approver);
      await this.approvals.decide(tx, id, 'rejected', approver.id, input.comment);
      await this.messages.markRejected(tx, row.message_id);
      await this.events.record(
        { type: 'approval.rejected', entityType: 'approval', entityId: id, ticketId: row.ticket_id, actorId: approver.id, after: { comment: input.comment } },
        tx,
      );
      await this.notifications.approvalDecided(tx, this.ticketRef(row), row.requested_by_id, { outcome: 'rejected', approverId: approver.id, comment: input.comment });
    });
    return this.get(id, approver);
  }

  async rules(): Promise<ApprovalRuleDto[]> {
    const rows = await this.approvals.findRules();
    return rows.map((row) => ({ id: row.id, kind: row.kind, value: row.value, createdAt: row.created_at.toISOString() }));
  }

  async addRule(input: CreateApprovalRuleDto, actor: RequestUser): Promise<ApprovalRuleDto> {
    const value = input.kind === 'all_statements' ? null : input.value!.trim().toLowerCase();
    const row = await this.dataSource
      .transaction(async (tx) => {
        const created = await this.approvals.insertRule(tx, input.kind, value, actor.id);
        await this.events.record({ type: 'approval_rule.created', entityType: 'approval_rule', entityId: created.id, actorId: actor.id, after: { kind: created.kind, value: created.value } }, tx);
        return created;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw conflict('duplicate', 'That approval rule exists already');
        throw error;
      });
    return { id: row.id, kind: row.kind, value: row.value, createdAt: row.created_at.toISOString() };
  }

  async removeRule(id: string, actor: RequestUser): Promise<void> {
    if (!isUuid(id)) throw new NotFoundException('Approval rule not found');
    await this.dataSource.transaction(async (tx) => {
      const deleted = await this.approvals.deleteRule(tx, id);
      if (!deleted) throw new NotFoundException('Approval rule not found');
      await this.events.record({ type: 'approval_rule.deleted', entityType: 'approval_rule', entityId: id, actorId: actor.id, before: { kind: deleted.kind, value: deleted.value } }, tx);
    });
  }

  private ticketRef(row: ApprovalRow) {
    return { id: row.ticket_id, reference: row.reference, subject: row.ticket_subject };
  }

  private isApprover(user: RequestUser): Promise<boolean> {
    return isApprover(this.dataSource.manager, user, this.users);
  }

  private async assertApprover(user: RequestUser) {
    if (!(await this.isApprover(user))) throw new ForbiddenException('Only managers, admins and designated approvers can approve replies');
  }

  private assertDecidable(row: ApprovalRow | null, approver: RequestUser): asserts row is ApprovalRow {
    if (!row) throw new NotFoundException('Approval not found');
    if (row.status !== 'pending') throw conflict('invalid_state', `This reply was already ${row.status}`);
    if (row.requested_by_id === approver.id) throw new ForbiddenException('You cannot approve or reject your own reply; ask another approver');
  }

  private async find(id: string): Promise<ApprovalRow> {
    const row = isUuid(id) ? await this.approvals.findById(id) : null;
    if (!row) throw new NotFoundException('Approval not found');
    return row;
  }

  /** A page of approvals: each one's versions, then every person named on the page in one users lookup. */
  private async toDtos(rows: ApprovalRow[]): Promise<ApprovalDto[]> {
    const versions = await Promise.all(rows.map((row) => this.approvals.findVersions(row.id)));
    const people = await this.users.refsByIds([
      ...rows.flatMap((row) => [row.requested_by_id, row.decided_by_id]),
      ...versions.flat().map((version) => version.edited_by_id),
    ]);
    return rows.map((row, index) => this.toDto(row, versions[index], people));
  }

  private toDto(row: ApprovalRow, versions: ApprovalVersionRow[], people: Map<string, UserRefRow>): ApprovalDto {
    const person = (id: string | null) => (id ? { id, name: people.get(id)?.name ?? '' } : null);
    return {
      id: row.id,
      status: row.status,
      reason: row.reason,
      ticket: { id: row.ticket_id, reference: row.reference, subject: row.ticket_subject },
      messageId: row.message_id,
      to: row.to_addresses,
      requestedBy: person(row.requested_by_id),
      decidedBy: person(row.decided_by_id),
      decidedAt: row.decided_at?.toISOString() ?? null,
      comment: row.comment,
      versions: versions.map((version) => ({
        version: version.version,
        body: version.body,
        html: this.replies.render(version.body, row.format, null).html,
        editedBy: person(version.edited_by_id),
        createdAt: version.created_at.toISOString(),
      })),
      createdAt: row.created_at.toISOString(),
    };
  }
}

