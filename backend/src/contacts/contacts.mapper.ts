import type {
  ContactInquiryDto,
  JournalistDetailDto,
  JournalistSummaryDto,
  OutletDetailDto,
  OutletSummaryDto,
  OutletTier,
} from '@newsdesk/shared';
import type { InquiryRow } from '../tickets/tickets.repository.js';

/** A journalist as the directory queries read it (joined outlet, inquiry counts). */
export interface JournalistRow {
  id: string;
  name: string | null;
  email: string | null;
  aliases: string[];
  phone: string | null;
  beat: string | null;
  notes: string | null;
  preferred_contact: 'email' | 'phone' | 'any' | null;
  relationship_owner_id: string | null;
  relationship_owner_name: string | null;
  created_at: Date;
  updated_at: Date;
  outlet_id: string | null;
  outlet_name: string | null;
  outlet_tier: OutletTier | null;
  inquiry_count: number;
  last_inquiry_at: Date | null;
}

export interface OutletRow {
  id: string;
  name: string;
  domains: string[];
  tier: OutletTier | null;
  notes: string | null;
  created_at: Date;
  updated_at: Date;
  journalist_count: number;
  inquiry_count: number;
}


export interface OutletJournalistRow {
  id: string;
  name: string | null;
  email: string | null;
  beat: string | null;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

function toContactInquiryDto(row: InquiryRow): ContactInquiryDto {
  return { id: row.id, reference: row.reference, subject: row.subject, status: row.status, createdAt: row.created_at.toISOString() };
}

export function toJournalistSummaryDto(row: JournalistRow): JournalistSummaryDto {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    aliases: row.aliases,
    phone: row.phone,
    beat: row.beat,
    outlet: row.outlet_id ? { id: row.outlet_id, name: row.outlet_name ?? '' } : null,
    inquiryCount: row.inquiry_count,
    lastInquiryAt: iso(row.last_inquiry_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toJournalistDetailDto(row: JournalistRow, inquiries: InquiryRow[]): JournalistDetailDto {
  return {
    ...toJournalistSummaryDto(row),
    outlet: row.outlet_id ? { id: row.outlet_id, name: row.outlet_name ?? '', tier: row.outlet_tier } : null,
    notes: row.notes,
    preferredContact: row.preferred_contact,
    relationshipOwner: row.relationship_owner_id ? { id: row.relationship_owner_id, name: row.relationship_owner_name ?? '' } : null,
    inquiries: inquiries.map(toContactInquiryDto),
  };
}

export function toOutletSummaryDto(row: OutletRow): OutletSummaryDto {
  return {
    id: row.id,
    name: row.name,
    domains: row.domains,
    tier: row.tier,
    journalistCount: row.journalist_count,
    inquiryCount: row.inquiry_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toOutletDetailDto(row: OutletRow, journalists: OutletJournalistRow[], inquiries: InquiryRow[]): OutletDetailDto {
  return {
    ...toOutletSummaryDto(row),
    notes: row.notes,
    journalists: journalists.map((journalist) => ({ id: journalist.id, name: journalist.name, email: journalist.email, beat: journalist.beat })),
    inquiries: inquiries.map(toContactInquiryDto),
  };
}
