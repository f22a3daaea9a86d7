import type { UserRefRow } from '../users/users.repository.js';
import type { StatementDeliveryDto, StatementDetailDto, StatementStatus, StatementSummaryDto, StatementVersionDto, StoryStatus, UserRefDto } from '@newsdesk/shared';

export interface VersionJson {
  id: string;
  version: number;
  body: string;
  createdAt: string;
  createdById: string | null;
  approvedAt: string | null;
  approvedById: string | null;
}

/** The people a statement page names (owner, authors, approvers, senders), looked up once through the users service. */
export type People = Map<string, UserRefRow>;

const personRef = (id: string | null, people: People): UserRefDto | null => {
  if (!id) return null;
  const person = people.get(id);
  return { id, name: person?.name ?? '', email: person?.email ?? '' };
};

/** Every person a page of statement rows and versions names, for one users lookup. */
export function peopleOf(rows: { owner_id?: string | null; sent_by_id?: string | null }[], versions: (VersionJson | null)[]): (string | null)[] {
  return [
    ...rows.flatMap((row) => [row.owner_id ?? null, row.sent_by_id ?? null]),
    ...versions.flatMap((version) => (version ? [version.createdById, version.approvedById] : [])),
  ];
}

export interface StatementRow {
  id: string;
  title: string;
  topic: string | null;
  status: StatementStatus;
  review_by: string | null;
  stale: boolean;
  created_at: Date;
  updated_at: Date;
  sort_key: string;
  owner_id: string | null;
  current_version: VersionJson | null;
  pending_version: VersionJson | null;
}

const iso = (value: string | Date) => new Date(value).toISOString();

export function toStatementVersionDto(version: VersionJson, people: People): StatementVersionDto {
  return {
    id: version.id,
    version: version.version,
    body: version.body,
    createdBy: personRef(version.createdById, people),
    createdAt: iso(version.createdAt),
    approvedBy: personRef(version.approvedById, people),
    approvedAt: version.approvedAt ? iso(version.approvedAt) : null,
  };
}

export function toStatementSummaryDto(row: StatementRow, people: People): StatementSummaryDto {
  return {
    id: row.id,
    title: row.title,
    topic: row.topic,
    status: row.status,
    owner: personRef(row.owner_id, people),
    reviewBy: row.review_by,
    stale: row.stale,
    currentVersion: row.current_version ? toStatementVersionDto(row.current_version, people) : null,
    pendingVersion: row.pending_version ? toStatementVersionDto(row.pending_version, people) : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toStatementDetailDto(row: StatementRow, versions: VersionJson[], people: People): StatementDetailDto {
  return { ...toStatementSummaryDto(row, people), versions: versions.map((version) => toStatementVersionDto(version, people)) };
}

export interface DeliveryRow {
  id: string;
  statement_id: string;
  statement_version_id: string;
  version: number;
  rfc_message_id: string | null;
  created_at: Date;
  sort_key: string;
  ticket_id: string | null;
  ticket_reference: string | null;
  ticket_subject: string | null;
  journalist_id: string | null;
  journalist_name: string | null;
  journalist_email: string | null;
  outlet_id: string | null;
  outlet_name: string | null;
  story_id: string | null;
  story_title: string | null;
  story_status: StoryStatus | null;
  sent_by_id: string | null;
}

export function toStatementDeliveryDto(row: DeliveryRow, people: People): StatementDeliveryDto {
  return {
    id: row.id,
    statementId: row.statement_id,
    statementVersionId: row.statement_version_id,
    version: row.version,
    ticket: row.ticket_id ? { id: row.ticket_id, reference: row.ticket_reference ?? '', subject: row.ticket_subject ?? '' } : null,
    journalist: row.journalist_id ? { id: row.journalist_id, name: row.journalist_name, email: row.journalist_email } : null,
    outlet: row.outlet_id ? { id: row.outlet_id, name: row.outlet_name ?? '' } : null,
    story: row.story_id ? { id: row.story_id, title: row.story_title ?? '', status: row.story_status ?? 'open' } : null,
    messageId: row.rfc_message_id,
    sentBy: personRef(row.sent_by_id, people),
    createdAt: row.created_at.toISOString(),
  };
}
