import type { JournalistRefDto, OutletRefDto, TicketStatus } from './tickets.js';

export const OUTLET_TIERS = ['national', 'regional', 'local', 'trade', 'international', 'other'] as const;
export type OutletTier = (typeof OUTLET_TIERS)[number];

/** One of a contact's earlier inquiries, newest first. */
export interface ContactInquiryDto {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
  createdAt: string;
}

/** `GET /api/journalists?q=&outlet=&cursor=&limit=` row (a `Page<JournalistSummaryDto>`), sorted by name; `q` matches name or any address. */
export interface JournalistSummaryDto {
  id: string;
  name: string | null;
  /** Lower-cased; unique when present. */
  email: string | null;
  /** Other addresses of the same person (a merged duplicate's); mail from them threads to this record. */
  aliases: string[];
  phone: string | null;
  beat: string | null;
  outlet: OutletRefDto | null;
  inquiryCount: number;
  lastInquiryAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/journalists/:id`, and the answer of `PATCH` and `POST …/merge`. */
export interface JournalistDetailDto extends JournalistSummaryDto {
  notes: string | null;
  preferredContact: 'email' | 'phone' | 'any' | null;
  /** The officer who owns the relationship. */
  relationshipOwner: { id: string; name: string } | null;
  outlet: (OutletRefDto & { tier: OutletTier | null }) | null;
  /** The 50 most recent inquiries. */
  inquiries: ContactInquiryDto[];
}

/** `PATCH /api/journalists/:id`: every field optional; `null` clears it. */
export interface UpdateJournalistRequest {
  name?: string | null;
  /** Lower-cased by the server; 409 when another journalist has it (as email or alias). */
  email?: string | null;
  /** Replaces the other addresses; same rules as `email`. */
  aliases?: string[];
  phone?: string | null;
  outletId?: string | null;
  beat?: string | null;
  notes?: string | null;
  preferredContact?: 'email' | 'phone' | 'any' | null;
  relationshipOwnerId?: string | null;
}

/**
 * `POST /api/journalists/:id/merge` and `POST /api/outlets/:id/merge` (managers and admins):
 * `:id` is the duplicate, which is deleted; its inquiries and links move to `intoId`, whose empty
 * fields are filled from the duplicate (notes from both are kept; a journalist's other address
 * becomes an alias, an outlet's domains are added). Answers the surviving record's detail.
 */
export interface MergeContactRequest {
  intoId: string;
}

/** `GET /api/outlets?q=&cursor=&limit=` row (a `Page<OutletSummaryDto>`), sorted by name; `q` matches name or domain. */
export interface OutletSummaryDto {
  id: string;
  name: string;
  /** Lower-cased mail domains; a journalist writing from one of them (or a subdomain) is linked to this outlet. */
  domains: string[];
  tier: OutletTier | null;
  journalistCount: number;
  inquiryCount: number;
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/outlets/:id`, and the answer of `POST`, `PATCH` and `POST …/merge`. */
export interface OutletDetailDto extends OutletSummaryDto {
  notes: string | null;
  /** Up to 200, by name. */
  journalists: (JournalistRefDto & { beat: string | null })[];
  /** The 50 most recent inquiries. */
  inquiries: ContactInquiryDto[];
}

/** `POST /api/outlets`. A domain may belong to one outlet only (409 otherwise). */
export interface CreateOutletRequest {
  name: string;
  domains?: string[];
  tier?: OutletTier | null;
  notes?: string | null;
}

/** `PATCH /api/outlets/:id`: every field optional; `null` clears `tier` and `notes`. */
export type UpdateOutletRequest = Partial<CreateOutletRequest>;

/** What an erasure (or retention anonymisation) removed. */
export interface ErasureSummaryDto {
  journalistId: string;
  tickets: number;
  messages: number;
  rawMessages: number;
  attachments: number;
}
