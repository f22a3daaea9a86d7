import type { StoryRefDto } from './stories.js';
import type { JournalistRefDto, OutletRefDto, UserRefDto } from './tickets.js';

/**
 * A library statement ("line to take"): `draft` until a manager or admin approves a version,
 * `approved` while it has a current approved version, `retired` when it must no longer be used.
 */
export const STATEMENT_STATUSES = ['draft', 'approved', 'retired'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

/** One wording of a statement. Versions are never edited: a change is a new version, approved again. */
export interface StatementVersionDto {
  id: string;
  version: number;
  /** Markdown. */
  body: string;
  createdBy: UserRefDto | null;
  createdAt: string;
  approvedBy: UserRefDto | null;
  approvedAt: string | null;
}

/** `GET /api/statements?topic=&status=&stale=&q=&cursor=&limit=` row (a `Page<StatementSummaryDto>`), by title. */
export interface StatementSummaryDto {
  id: string;
  title: string;
  /** Lower-cased. */
  topic: string | null;
  status: StatementStatus;
  owner: UserRefDto | null;
  /** `YYYY-MM-DD`. */
  reviewBy: string | null;
  /** The review date has passed. */
  stale: boolean;
  /** The approved version that is sent and inserted into replies; null until one is approved. */
  currentVersion: StatementVersionDto | null;
  /** A newer version waiting for approval, if any. */
  pendingVersion: StatementVersionDto | null;
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/statements/:id`, and the answer of every change to a statement. Versions newest first. */
export interface StatementDetailDto extends StatementSummaryDto {
  versions: StatementVersionDto[];
}

/** `POST /api/statements`: creates the statement with version 1 as a draft. `ownerId` defaults to the caller. */
export interface CreateStatementRequest {
  title: string;
  body: string;
  topic?: string | null;
  ownerId?: string | null;
  reviewBy?: string | null;
}

/** `PATCH /api/statements/:id`: the statement's details; the text changes only through a new version. */
export interface UpdateStatementRequest {
  title?: string;
  topic?: string | null;
  ownerId?: string | null;
  reviewBy?: string | null;
}

/** `POST /api/statements/:id/versions`: a new draft version; the current approved one stays in force until this is approved. */
export interface CreateStatementVersionRequest {
  body: string;
}

/** One sending of a statement version to one ticket's journalist. */
export interface StatementDeliveryDto {
  id: string;
  statementId: string;
  statementVersionId: string;
  version: number;
  /** Null only if the ticket was deleted since. */
  ticket: { id: string; reference: string; subject: string } | null;
  journalist: JournalistRefDto | null;
  outlet: OutletRefDto | null;
  /** Sent as part of this story, if it was. */
  story: StoryRefDto | null;
  /** Our Message-ID of the reply. */
  messageId: string | null;
  sentBy: UserRefDto | null;
  createdAt: string;
}

/** `POST /api/tickets/:id/statement`: send the statement's current approved version as a reply. */
export interface SendTicketStatementRequest {
  statementId: string;
  status?: 'open' | 'pending' | 'resolved' | 'closed';
}

/**
 * `queued`: in the outbox; `awaiting_approval`: an approval rule (topic, outlet tier) holds this reply
 * for an approver, and it is not recorded as a delivery (the approver may still edit it);
 * `skipped`: this ticket already got this version; `failed`: not sent, see `reason`.
 */
export const STATEMENT_SEND_RESULTS = ['queued', 'awaiting_approval', 'skipped', 'failed'] as const;
export type StatementSendResult = (typeof STATEMENT_SEND_RESULTS)[number];

/** What happened for one ticket: each is its own reply, so one failure leaves the others sent. */
export interface StatementSendTicketResultDto {
  ticketId: string;
  reference: string;
  result: StatementSendResult;
  /** Why it was skipped or failed, in words. */
  reason: string | null;
  /** Our Message-ID of the reply, when queued or awaiting approval. */
  messageId: string | null;
  deliveryId: string | null;
}

/** Answer of `POST /api/stories/:id/statement` and `POST /api/tickets/:id/statement`. */
export interface StatementSendResultDto {
  /** Null when a text written for the story was sent instead of a library statement. */
  statementId: string | null;
  statementVersionId: string | null;
  version: number | null;
  /** The statement's review date has passed: sent, but due a review. */
  stale: boolean;
  queued: number;
  awaitingApproval: number;
  skipped: number;
  failed: number;
  /** In the order sent: earliest deadline first. */
  results: StatementSendTicketResultDto[];
}

/**
 * `GET /api/statement-approvals`: the latest version of a statement that waits for approval.
 * Managers and admins see every one; other staff only the versions they wrote.
 */
export interface StatementApprovalDto {
  statementId: string;
  title: string;
  topic: string | null;
  versionId: string;
  version: number;
  body: string;
  /** Who wrote this version: they cannot approve it themselves. */
  writtenBy: { id: string; name: string } | null;
  /** ISO 8601. */
  createdAt: string;
  /** `approved` when an earlier version stays in force until this one is approved. */
  statementStatus: 'draft' | 'approved';
}
