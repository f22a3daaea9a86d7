import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { AddressDto, ApprovalDto, ApprovalRuleDto, ApprovalStatus } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { EventsService } from '../events/events.service.js';
import { MessagesService } from '../messages/messages.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RepliesService } from '../outbound/replies.service.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { isApprover } from './approval-rules.js';
import type { ApproveDto, CreateApprovalRuleDto, RejectDto } from './dto/approval.dto.js';
import { isUniqueViolation } from '../common/database-errors.js';

interface ApprovalRow {
  id: string;
  status: ApprovalStatus;
  reason: string;
  ticket_id: string;
  reference: string;
  ticket_subject: string;
  message_id: string;
  to_addresses: AddressDto[];
  requested_by_id: string | null;
  requested_by_name: string | null;
  decided_by_id: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  comment: string | null;
  send_status: 'open' | 'pending' | 'resolved' | 'closed' | null;
  send_outcome: Ticket['outcome'];
  send_at: Date | null;
  format: 'markdown' | 'html';
  created_at: Date;
}

const SELECT = `
  SELECT a.*, t.reference, t.subject AS ticket_subject, m."to" AS to_addresses,
         rq.name AS requested_by_name, dc.name AS decided_by_name
    FROM approvals a
    JOIN tickets t ON t.id = a.ticket_id
    JOIN messages m ON m.id = a.message_id
    LEFT JOIN users rq ON rq.id = a.requested_by_id
    LEFT JOIN users dc ON dc.id = a.decided_by_id`;

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
  ) {}

  /** Approvers see every approval; other officers only the replies they sent for approval. */
  async list(status: ApprovalStatus | undefined, user: RequestUser): Promise<ApprovalDto[]> {
    const approver = await this.isApprover(user);
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE ($1::text IS NULL OR a.status = $1) AND ($2 OR a.requested_by_id = $3) ORDER BY a.created_at DESC LIMIT 200`,
      [status ?? null, approver, user.id],
    )) as ApprovalRow[];
    return Promise.all(rows.map((row) => this.toDto(row)));
  }

  async get(id: string, user: RequestUser): Promise<ApprovalDto> {
    const row = await this.find(id);
    if (row.requested_by_id !== user.id && !(await this.isApprover(user))) throw new NotFoundException('Approval not found');
    return this.toDto(row);
  }

  async approve(id: string, input: ApproveDto, approver: RequestUser): Promise<ApprovalDto> {
    await this.assertApprover(approver);
    await this.dataSource.transaction(async (tx) => {
      const [row] = (await tx.query(`${SELECT} WHERE a.id = $1 FOR UPDATE OF a`, [id])) as ApprovalRow[];
      this.assertDecidable(row, approver);
      if (input.body !== undefined) {
        const [{ version }] = (await tx.query(`SELECT max(version)::int AS version FROM approval_versions WHERE approval_id = $1`, [id])) as { version: number }[];
        await tx.query(`INSERT INTO approval_versions (approval_id, version, body, edited_by_id) VALUES ($1, $2, $3, $4)`, [id, version + 1, input.body, approver.id]);
        const rendered = this.replies.render(input.body, row.format, await this.messages.authorSignature(tx, row.message_id));
        await this.messages.replaceBody(tx, row.message_id, rendered);
      }
      await tx.query(`UPDATE approvals SET status = 'approved', decided_by_id = $2, decided_at = now(), comment = $3 WHERE id = $1`, [id, approver.id, input.comment ?? null]);
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
      const [row] = (await tx.query(`${SELECT} WHERE a.id = $1 FOR UPDATE OF a`, [id])) as ApprovalRow[];
      this.assertDecidable(row, approver);
      await tx.query(`UPDATE approvals SET status = 'rejected', decided_by_id = $2, decided_at = now(), comment = $3 WHERE id = $1`, [id, approver.id, input.comment]);
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
    const rows = (await this.dataSource.query(`SELECT id, kind, value, created_at FROM approval_rules ORDER BY kind, value`)) as {
      id: string;
      kind: ApprovalRuleDto['kind'];
      value: string | null;
      created_at: Date;
    }[];
    return rows.map((row) => ({ id: row.id, kind: row.kind, value: row.value, createdAt: row.created_at.toISOString() }));
  }

  async addRule(input: CreateApprovalRuleDto, actor: RequestUser): Promise<ApprovalRuleDto> {
    const value = input.kind === 'all_statements' ? null : input.value!.trim().toLowerCase();
    const row = await this.dataSource
      .transaction(async (tx) => {
        const [created] = (await tx.query(`INSERT INTO approval_rules (kind, value, created_by_id) VALUES ($1, $2, $3) RETURNING id, kind, value, created_at`, [
          input.kind,
          value,
          actor.id,
        ])) as { id: string; kind: ApprovalRuleDto['kind']; value: string | null; created_at: Date }[];
        await this.events.record({ type: 'approval_rule.created', entityType: 'approval_rule', entityId: created.id, actorId: actor.id, after: { kind: created.kind, value: created.value } }, tx);
        return created;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new ConflictException('That approval rule exists already');
        throw error;
      });
    return { id: row.id, kind: row.kind, value: row.value, createdAt: row.created_at.toISOString() };
  }

  async removeRule(id: string, actor: RequestUser): Promise<void> {
    if (!isUuid(id)) throw new NotFoundException('Approval rule not found');
    await this.dataSource.transaction(async (tx) => {
      const [deleted] = (await tx.query(`DELETE FROM approval_rules WHERE id = $1 RETURNING kind, value`, [id])) as [{ kind: string; value: string | null }[], number];
      if (!deleted.length) throw new NotFoundException('Approval rule not found');
      await this.events.record({ type: 'approval_rule.deleted', entityType: 'approval_rule', entityId: id, actorId: actor.id, before: { kind: deleted[0].kind, value: deleted[0].value } }, tx);
    });
  }

  private ticketRef(row: ApprovalRow) {
    return { id: row.ticket_id, reference: row.reference, subject: row.ticket_subject };
  }

  private isApprover(user: RequestUser): Promise<boolean> {
    return isApprover(this.dataSource.manager, user);
  }

  private async assertApprover(user: RequestUser) {
    if (!(await this.isApprover(user))) throw new ForbiddenException('Only managers, admins and designated approvers can approve replies');
  }

  private assertDecidable(row: ApprovalRow | undefined, approver: RequestUser): asserts row is ApprovalRow {
    if (!row) throw new NotFoundException('Approval not found');
    if (row.status !== 'pending') throw new ConflictException(`This reply was already ${row.status}`);
    if (row.requested_by_id === approver.id) throw new ForbiddenException('You cannot approve or reject your own reply; ask another approver');
  }

  private async find(id: string): Promise<ApprovalRow> {
    const [row] = isUuid(id) ? ((await this.dataSource.query(`${SELECT} WHERE a.id = $1`, [id])) as ApprovalRow[]) : [];
    if (!row) throw new NotFoundException('Approval not found');
    return row;
  }

  private async toDto(row: ApprovalRow): Promise<ApprovalDto> {
    const versions = (await this.dataSource.query(
      `SELECT v.version, v.body, v.created_at, v.edited_by_id, u.name FROM approval_versions v LEFT JOIN users u ON u.id = v.edited_by_id
        WHERE v.approval_id = $1 ORDER BY v.version`,
      [row.id],
    )) as { version: number; body: string; created_at: Date; edited_by_id: string | null; name: string | null }[];
    const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
    return {
      id: row.id,
      status: row.status,
      reason: row.reason,
      ticket: { id: row.ticket_id, reference: row.reference, subject: row.ticket_subject },
      messageId: row.message_id,
      to: row.to_addresses,
      requestedBy: person(row.requested_by_id, row.requested_by_name),
      decidedBy: person(row.decided_by_id, row.decided_by_name),
      decidedAt: row.decided_at?.toISOString() ?? null,
      comment: row.comment,
      versions: versions.map((version) => ({
        version: version.version,
        body: version.body,
        html: this.replies.render(version.body, row.format, null).html,
        editedBy: person(version.edited_by_id, version.name),
        createdAt: version.created_at.toISOString(),
      })),
      createdAt: row.created_at.toISOString(),
    };
  }
}

