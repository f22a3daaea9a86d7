import type { OutletTier } from './contacts.js';
import type { RequestType } from './tickets.js';

/**
 * A first-response target in office minutes for an outlet tier and/or a request type. For a ticket
 * the most specific one applies: tier and type, then type, then tier, then the default (neither).
 */
export interface ResponseTargetDto {
  id: string;
  /** null: any tier. */
  tier: OutletTier | null;
  /** null: any request type. */
  requestType: RequestType | null;
  /** Office minutes from receipt to the first public reply. */
  minutes: number;
  updatedAt: string;
}

/** `POST /api/response-targets`; `PATCH` takes `minutes` only. */
export interface ResponseTargetInput {
  tier?: OutletTier | null;
  requestType?: RequestType | null;
  minutes: number;
}

/** Groupings of hits and breaches. */
export const TARGET_GROUPS = ['officer', 'tier', 'topic'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

/** `GET /api/metrics/targets` and `/breaches`: range (office-local dates, both inclusive) and filters. */
export interface TargetOutcomesParams {
  from?: string;
  to?: string;
  groupBy?: TargetGroup;
  /** An officer's user id, or `none` for unassigned. */
  officer?: string;
  tier?: OutletTier | 'none';
  /** A topic (ticket tag), or `none` for untagged tickets. */
  topic?: string;
}

export interface TargetCountsDto {
  /** First reply at or before the due time. */
  hits: number;
  /** First reply after the due time, or none and the due time has passed. */
  breaches: number;
  /** Due time still ahead and unanswered. */
  pending: number;
  /** hits ÷ (hits + breaches); null when both are 0. */
  hitRate: number | null;
}

export interface TargetGroupRowDto extends TargetCountsDto {
  /** Officer id, tier or topic; null for unassigned / no tier / no topic. */
  key: string | null;
  label: string;
}

/** `GET /api/metrics/targets`: tickets whose target fell due in the range. */
export interface TargetOutcomesDto {
  from: string;
  to: string;
  groupBy: TargetGroup;
  total: TargetCountsDto;
  rows: TargetGroupRowDto[];
}

/** One breach in `GET /api/metrics/targets/breaches`. */
export interface TargetBreachDto {
  ticketId: string;
  reference: string;
  subject: string;
  officer: { id: string; name: string } | null;
  outlet: { id: string; name: string; tier: OutletTier | null } | null;
  requestType: RequestType;
  targetMinutes: number;
  dueAt: string;
  /** null while still unanswered. */
  firstResponseAt: string | null;
  /** Seconds from the due time to the first reply, or to now while unanswered. */
  lateSeconds: number;
}
