import type { StatementDeliveryDto, StatementDetailDto, StatementStatus, StatementSummaryDto, StatementVersionDto, StoryStatus, UserRefDto } from '@newsdesk/shared';

/** A user as a JSON object (or null), for rows that embed people. */
const userJson = (idColumn: string) =>
  `(SELECT json_build_object('id', u.id, 'name', u.name, 'email', u.email) FROM users u WHERE u.id = ${idColumn})`;

/** One statement version as a JSON object. */
export const versionJson = (alias: string) => `json_build_object(
  'id', ${alias}.id, 'version', ${alias}.version, 'body', ${alias}.body,
  'createdAt', ${alias}.created_at, 'createdBy', ${userJson(`${alias}.created_by_id`)},
  'approvedAt', ${alias}.approved_at, 'approvedBy', ${userJson(`${alias}.approved_by_id`)})`;

/** Past its review date; a retired statement is no longer reviewed. */
export const STALE = `(s.review_by IS NOT NULL AND s.review_by < current_date AND s.status <> 'retired')`;

/** Columns of a statement row: its current approved version and, if the latest version is newer and unapproved, that one. */
export const STATEMENT_COLUMNS = `
  s.id, s.title, s.topic, s.status, to_char(s.review_by, 'YYYY-MM-DD') AS review_by, ${STALE} AS stale,
  s.created_at, s.updated_at, lower(s.title) AS sort_key,
  ow.id AS owner_id, ow.name AS owner_name, ow.email AS owner_email,
  (SELECT ${versionJson('v')} FROM statement_versions v WHERE v.id = s.current_version_id) AS current_version,
  (SELECT ${versionJson('v')}
     FROM (SELECT * FROM statement_versions WHERE statement_id = s.id ORDER BY version DESC LIMIT 1) v
    WHERE v.approved_at IS NULL AND s.status <> 'retired') AS pending_version`;

export const STATEMENT_JOINS = `LEFT JOIN users ow ON ow.id = s.owner_id`;

interface VersionJson {
  id: string;
  version: number;
  body: string;
  createdAt: string;
  createdBy: UserRefDto | null;
  approvedAt: string | null;
  approvedBy: UserRefDto | null;
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
  owner_name: string | null;
  owner_email: string | null;
  current_version: VersionJson | null;
  pending_version: VersionJson | null;
}

const iso = (value: string | Date) => new Date(value).toISOString();

export function toStatementVersionDto(version: VersionJson): StatementVersionDto {
  return {
    id: version.id,
    version: version.version,
    body: version.body,
    createdBy: version.createdBy,
    createdAt: iso(version.createdAt),
    approvedBy: version.approvedBy,
    approvedAt: version.approvedAt ? iso(version.approvedAt) : null,
  };
}

export function toStatementSummaryDto(row: StatementRow): StatementSummaryDto {
  return {
    id: row.id,
    title: row.title,
    topic: row.topic,
    status: row.status,
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '', email: row.owner_email ?? '' } : null,
    reviewBy: row.review_by,
    stale: row.stale,
    currentVersion: row.current_version ? toStatementVersionDto(row.current_version) : null,
    pendingVersion: row.pending_version ? toStatementVersionDto(row.pending_version) : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toStatementDetailDto(row: StatementRow, versions: VersionJson[]): StatementDetailDto {
  return { ...toStatementSummaryDto(row), versions: versions.map(toStatementVersionDto) };
}

/** Columns of a delivery row, with what it points at as it is now. */
export const DELIVERY_COLUMNS = `
  d.id, d.statement_id, d.statement_version_id, v.version, d.rfc_message_id, d.created_at, d.created_at::text AS sort_key,
  t.id AS ticket_id, t.reference AS ticket_reference, t.subject AS ticket_subject,
  j.id AS journalist_id, j.name AS journalist_name, j.email AS journalist_email,
  o.id AS outlet_id, o.name AS outlet_name,
  st.id AS story_id, st.title AS story_title, st.status AS story_status,
  u.id AS sent_by_id, u.name AS sent_by_name, u.email AS sent_by_email`;

export const DELIVERY_JOINS = `
  JOIN statement_versions v ON v.id = d.statement_version_id
  LEFT JOIN tickets t ON t.id = d.ticket_id
  LEFT JOIN journalists j ON j.id = d.journalist_id
  LEFT JOIN outlets o ON o.id = d.outlet_id
  LEFT JOIN stories st ON st.id = d.story_id
  LEFT JOIN users u ON u.id = d.sent_by_id`;

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
  sent_by_name: string | null;
  sent_by_email: string | null;
}

export function toStatementDeliveryDto(row: DeliveryRow): StatementDeliveryDto {
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
    sentBy: row.sent_by_id ? { id: row.sent_by_id, name: row.sent_by_name ?? '', email: row.sent_by_email ?? '' } : null,
    createdAt: row.created_at.toISOString(),
  };
}
