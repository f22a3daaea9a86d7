import { Injectable } from '@nestjs/common';
import type { AddressDto, ApprovalRuleDto, ApprovalStatus, TicketOutcome } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';

/** An approval with its ticket, the held message's recipients and the people named on it. */
export interface ApprovalRow {
  id: string;
  status: ApprovalStatus;
  reason: string;
  ticket_id: string;
  reference: string;
  ticket_subject: string;
  message_id: string;
  to_addresses: AddressDto[];
  requested_by_id: string | null;
  decided_by_id: string | null;
  decided_at: Date | null;
  comment: string | null;
  send_status: 'open' | 'pending' | 'resolved' | 'closed' | null;
  send_outcome: TicketOutcome | null;
  send_at: Date | null;
  format: 'markdown' | 'html';
  created_at: Date;
}

export interface ApprovalVersionRow {
  version: number;
  body: string;
  created_at: Date;
  edited_by_id: string | null;
}

export interface ApprovalRuleRow {
  id: string;
  kind: ApprovalRuleDto['kind'];
  value: string | null;
  created_at: Date;
}

/** What a reply held for approval is stored with: how it goes out once approved. */
export interface ApprovalRequest {
  ticketId: string;
  messageId: string;
  reason: string;
  requestedById: string;
  sendStatus: 'open' | 'pending' | 'resolved' | 'closed' | null;
  sendOutcome: TicketOutcome | null;
  format: 'markdown' | 'html';
  sendAt: Date | null;
  body: string;
}

// The approvals inbox shows the ticket and the recipients in one statement per page (the people's names come from the users service).
const SELECT = `
  SELECT a.*, t.reference, t.subject AS ticket_subject, m."to" AS to_addresses
    FROM approvals a
    JOIN tickets_view t ON t.id = a.ticket_id
    JOIN messages_view m ON m.id = a.message_id`;

/** The SQL of approvals, approval_versions and approval_rules: typed rows in and out, no decisions. */
@Injectable()
export class ApprovalsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The newest 200, of one status or all; `everyone` false limits them to the requester's own. */
  findPage(status: ApprovalStatus | null, everyone: boolean, requesterId: string): Promise<ApprovalRow[]> {
    return sqlRows<ApprovalRow>(
      this.dataSource,
      `${SELECT} WHERE ($1::text IS NULL OR a.status = $1) AND ($2 OR a.requested_by_id = $3) ORDER BY a.created_at DESC LIMIT 200`,
      [status, everyone, requesterId],
    );
  }

  findById(id: string): Promise<ApprovalRow | null> {
    return sqlRow<ApprovalRow>(this.dataSource, `${SELECT} WHERE a.id = $1`, [id]);
  }

  /** Locks the approval row so two approvers cannot both decide it. */
  lockById(tx: EntityManager, id: string): Promise<ApprovalRow | null> {
    return sqlRow<ApprovalRow>(tx, `${SELECT} WHERE a.id = $1 FOR UPDATE OF a`, [id]);
  }

  findVersions(approvalId: string): Promise<ApprovalVersionRow[]> {
    return sqlRows<ApprovalVersionRow>(
      this.dataSource,
      `SELECT v.version, v.body, v.created_at, v.edited_by_id FROM approval_versions v
        WHERE v.approval_id = $1 ORDER BY v.version`,
      [approvalId],
    );
  }

  /** Stores the text an approver edited as the next version (the approval row is locked by the caller). */
  async insertNextVersion(tx: EntityManager, approvalId: string, body: string, editedById: string): Promise<void> {
    await sqlExec(
      tx,
      `INSERT INTO approval_versions (approval_id, version, body, edited_by_id)
       SELECT $1, max(version) + 1, $2, $3 FROM approval_versions WHERE approval_id = $1`,
      [approvalId, body, editedById],
    );
  }

  async decide(tx: EntityManager, id: string, status: 'approved' | 'rejected', deciderId: string, comment: string | null): Promise<void> {
    await sqlExec(tx, `UPDATE approvals SET status = $2, decided_by_id = $3, decided_at = now(), comment = $4 WHERE id = $1`, [id, status, deciderId, comment]);
  }

  findRules(): Promise<ApprovalRuleRow[]> {
    return sqlRows<ApprovalRuleRow>(this.dataSource, `SELECT id, kind, value, created_at FROM approval_rules ORDER BY kind, value`);
  }

  async insertRule(tx: EntityManager, kind: ApprovalRuleDto['kind'], value: string | null, createdById: string): Promise<ApprovalRuleRow> {
    const [row] = await sqlRows<ApprovalRuleRow>(tx, `INSERT INTO approval_rules (kind, value, created_by_id) VALUES ($1, $2, $3) RETURNING id, kind, value, created_at`, [
      kind,
      value,
      createdById,
    ]);
    return row;
  }

  /** The deleted rule, or null when there was none. */
  deleteRule(tx: EntityManager, id: string): Promise<Pick<ApprovalRuleRow, 'kind' | 'value'> | null> {
    return sqlRow<Pick<ApprovalRuleRow, 'kind' | 'value'>>(tx, `DELETE FROM approval_rules WHERE id = $1 RETURNING kind, value`, [id]);
  }
}

/** A rule that covers a reply, as the send-time check reads it. */
export interface ScopeRuleRow {
  kind: 'all_statements' | 'topic' | 'outlet_tier';
  value: string | null;
}

/** An approval as the ticket's thread shows it on its message. */
export interface TicketApprovalRow {
  id: string;
  message_id: string;
  status: ApprovalStatus;
  reason: string;
  comment: string | null;
}

/** A pending or rejected reply's text, compared with a new reply so held text cannot be pasted elsewhere. */
export interface HeldTextRow {
  reference: string;
  status: 'pending' | 'rejected';
  format: 'markdown' | 'html';
  body: string;
}

/**
 * The statements approvals runs inside other modules' transactions (a reply held at send time, a
 * ticket or contact edit checked against the rules): every method takes the caller's `tx`, so the
 * class needs no connection of its own.
 */
@Injectable()
export class SendTimeApprovalsRepository {
  /** A held reply: the approval and version 1 of its text; the new approval's id. */
  async insertRequest(tx: EntityManager, request: ApprovalRequest): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      tx,
      `INSERT INTO approvals (ticket_id, message_id, reason, requested_by_id, send_status, send_outcome, format, send_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [request.ticketId, request.messageId, request.reason, request.requestedById, request.sendStatus, request.sendOutcome, request.format, request.sendAt],
    );
    const approvalId = row.id;
    await sqlExec(tx, `INSERT INTO approval_versions (approval_id, version, body, edited_by_id) VALUES ($1, 1, $2, $3)`, [approvalId, request.body, request.requestedById]);
    return approvalId;
  }

  /** Topic and outlet-tier rules covering these tags, the ticket's outlet and journalist, and these recipients. */
  findScopeRules(
    tx: EntityManager,
    scope: { tags: string[]; outletId: string | null; journalistId: string | null; addresses: string[]; domains: string[] },
  ): Promise<ScopeRuleRow[]> {
    // The outlet tiers are read in the same statement as the rules: the caller share-locked those contacts.
    return sqlRows<ScopeRuleRow>(
      tx,
      `SELECT r.kind, r.value
         FROM approval_rules r
        WHERE (r.kind = 'topic' AND r.value = ANY($1::text[]))
           OR (r.kind = 'outlet_tier' AND r.value IN (
                SELECT o.tier FROM outlets_view o WHERE o.id = $2
                UNION ALL SELECT o.tier FROM journalists_view j JOIN outlets_view o ON o.id = j.outlet_id WHERE j.id = $3
                UNION ALL SELECT o.tier FROM journalists_view j JOIN outlets_view o ON o.id = j.outlet_id
                           WHERE j.email = ANY($4::text[]) OR j.aliases && $4::text[]
                UNION ALL SELECT o.tier FROM outlets_view o WHERE o.domains && $5::text[]))
        ORDER BY r.kind, r.value`,
      [scope.tags, scope.outletId, scope.journalistId, scope.addresses, scope.domains],
    );
  }

  /** Which of these outlet tiers an outlet-tier rule covers. */
  async findCoveredTiers(tx: EntityManager, tiers: string[]): Promise<string[]> {
    const rows = await sqlRows<{ value: string }>(tx, `SELECT value FROM approval_rules WHERE kind = 'outlet_tier' AND value = ANY($1::text[])`, [tiers]);
    return rows.map((row) => row.value);
  }

  /** Every approval on a ticket, for the thread's per-message approval state. */
  findByTicket(tx: EntityManager, ticketId: string): Promise<TicketApprovalRow[]> {
    return sqlRows<TicketApprovalRow>(tx, `SELECT id, message_id, status, reason, comment FROM approvals WHERE ticket_id = $1`, [ticketId]);
  }

  /** Whether the "every statement needs approval" rule is on. */
  async allStatementsRuleOn(tx: EntityManager): Promise<boolean> {
    const row = await sqlRow<{ on: boolean }>(tx, `SELECT EXISTS (SELECT 1 FROM approval_rules WHERE kind = 'all_statements') AS on`);
    return row?.on ?? false;
  }

  async countPending(tx: EntityManager, ticketId: string): Promise<number> {
    const row = await sqlRow<{ pending: number }>(tx, `SELECT count(*)::int AS pending FROM approvals WHERE ticket_id = $1 AND status = 'pending'`, [ticketId]);
    return row?.pending ?? 0;
  }

  /** Every version of the replies pending or rejected in the last `days` days, newest first, with their ticket's reference. */
  findHeldTexts(tx: EntityManager, days: number): Promise<HeldTextRow[]> {
    return sqlRows<HeldTextRow>(
      tx,
      `SELECT t.reference, a.status, a.format, v.body
         FROM approvals a JOIN approval_versions v ON v.approval_id = a.id JOIN tickets_view t ON t.id = a.ticket_id
        WHERE a.status IN ('pending', 'rejected') AND a.created_at > now() - make_interval(days => $1)
        ORDER BY a.created_at DESC`,
      [days],
    );
  }
}
