import type { MessageDto } from './messages.js';
import type { TicketEventDto, TicketSummaryDto } from './tickets.js';

/** Every list endpoint answers with this shape; pass `nextCursor` back as `cursor`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The one error body every failing request gets. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Per-field messages for validation errors. */
  details?: { field: string; messages: string[] }[];
  /** A stable code the dashboard can switch on, where the error has one (database conflicts and retries). */
  code?: ErrorCode;
  correlationId: string;
}

/**
 * Stable error codes: `duplicate` (a unique value taken), `reference` (a linked record missing or still used),
 * `retry` (a concurrent change won; try again), `invalid_cursor` (a `cursor` that is not a list's `nextCursor`: start again from the first page),
 * `invalid_state` (the record's current state refuses the change: closed, retired, already decided or sent; the message says what to do first).
 */
export const ERROR_CODES = ['duplicate', 'reference', 'retry', 'invalid_cursor', 'invalid_state'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface TicketDetailDto extends TicketSummaryDto {
  outcomeNote: string | null;
  /** Link to the published coverage. */
  coverageUrl: string | null;
  /** Who spoke for the organisation, when not the assignee. */
  spokesperson: { id: string; name: string } | null;
  /**
   * Colleagues in contact with the same journalist lately (replied in the last 7 days, or holding
   * another open inquiry of theirs): shown as a warning so two officers do not answer one reporter.
   */
  recentContacts: { ticketId: string; reference: string; subject: string; officer: { id: string; name: string }; at: string; kind: 'replied' | 'assigned' }[];
  /**
   * A web-form ticket never threads onto an existing one (anyone can type any address); when its
   * sender already has an open or recent ticket, this names it so staff can merge the two.
   */
  possiblySameAs: { ticketId: string; reference: string; subject: string } | null;
  messages: MessageDto[];
  events: TicketEventDto[];
}

export interface HealthDto {
  status: 'ok' | 'degraded';
  version: string;
  database: { status: 'up' | 'down'; latencyMs: number | null };
  uptimeSeconds: number;
}

/** `GET /api/office`: what every signed-in screen needs to know about the office. */
export interface OfficeDto {
  /** IANA zone the office works in (OFFICE_TIMEZONE): deadlines are shown on its clock. */
  timeZone: string;
}

/** Name of the header carrying the CSRF token on state-changing requests. */
export const CSRF_HEADER = 'x-csrf-token';

/** `GET /api/settings` (admins): the effective, non-secret settings. */
export interface SettingsDto {
  version: string;
  publicUrl: string;
  mailDomain: string;
  database: 'embedded' | 'external';
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxAttempts: number;
  loginLockoutMinutes: number;
  /** Roles that must sign in with a second factor (AUTH_REQUIRE_TOTP_ROLES). */
  totpRequiredRoles: string[];
}
