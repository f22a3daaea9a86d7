import { ForbiddenException } from '@nestjs/common';
import { compile } from 'html-to-text';
import type { EntityManager } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { derivedFrom } from './text-derivation.js';

/** The ticket fields the topic and outlet-tier rules read. */
export interface TicketScope {
  tags: string[];
  outletId: string | null;
  journalistId: string | null;
}

/**
 * What the server knows about a reply's text: a library statement's approved version sent
 * unchanged (signed off in the library), or any other text, which is a statement when the
 * officer says so or when it derives from a statement in the library.
 */
export type ReplyText = { kind: 'library' } | { kind: 'written'; flagged: boolean; plain: string; recipients: string[] };

interface Rule {
  kind: 'all_statements' | 'topic' | 'outlet_tier';
  value: string | null;
}

/** The ticket's outlet and journalist as the caller found and share-locked them (with the journalist's outlet). */
export interface LockedScope {
  outletId: string | null;
  journalistId: string | null;
}

/** Share-locks the outlets, then the journalist, of a scope: the contacts module's (ContactsService.shareLockScope). */
export type ScopeLocker = (tx: EntityManager, scope: LockedScope) => Promise<void>;

/** HTML of held replies as text, compiled once (convert() recompiles its options on every call). */
const heldText = compile({ wordwrap: false });

/** How far back held and rejected replies are compared with a new reply. */
const HELD_TEXT_DAYS = 90;

/**
 * Which configured rule, if any, requires approval before this reply goes out: every statement,
 * a topic (ticket tag), or an outlet tier (the ticket's outlet, its journalist's outlet, or the
 * outlet of any recipient). Read inside the send transaction from the database as it is, after
 * the caller locked the ticket row; the journalist and outlets are share-locked here so a
 * concurrent edit waits until the reply is committed. Returns a readable reason or null.
 */
export async function approvalRequirement(
  tx: EntityManager,
  ticket: TicketScope,
  reply: ReplyText,
  locked: LockedScope | null,
  lockScope: ScopeLocker,
): Promise<string | null> {
  const [rules] = (await tx.query(`SELECT EXISTS (SELECT 1 FROM approval_rules WHERE kind = 'all_statements') AS all_statements`)) as { all_statements: boolean }[];
  const scope: TicketScope = { tags: ticket.tags, outletId: ticket.outletId, journalistId: ticket.journalistId };
  // Share locks last until commit: the contacts the caller locked are still held if the ticket still names them.
  if (!locked || locked.outletId !== scope.outletId || locked.journalistId !== scope.journalistId) await lockScope(tx, scope);
  const recipients = reply.kind === 'written' ? reply.recipients : [];

  if (rules.all_statements && reply.kind === 'written') {
    if (reply.flagged) return 'every statement needs approval';
    const source = await derivedStatement(tx, reply.plain);
    if (source) return `every statement needs approval (the text is from the library statement "${source}")`;
  }
  const [rule] = await scopeRules(tx, scope, recipients);
  if (rule) return describe(rule);
  if (reply.kind === 'written') {
    const held = await derivedHeldReply(tx, reply.plain);
    if (held) return `the text is from a reply on ${held.reference} that ${held.status === 'pending' ? 'is waiting for approval' : 'an approver rejected'}`;
  }
  return null;
}

/**
 * Refuses a change to a ticket's tags, outlet or journalist that would take it out of every rule
 * requiring approval, unless an approver makes it: otherwise an agent could untag, send, retag.
 */
export async function assertTicketScopeKept(
  tx: EntityManager,
  user: RequestUser,
  ticket: { id: string; reference: string },
  before: TicketScope,
  after: TicketScope,
): Promise<void> {
  const covering = await scopeRules(tx, before, []);
  if (!covering.length || (await scopeRules(tx, after, [])).length) return;
  if (await isApprover(tx, user)) return;
  const [{ pending }] = (await tx.query(
    `SELECT count(*)::int AS pending FROM approvals WHERE ticket_id = $1 AND status = 'pending'`,
    [ticket.id],
  )) as { pending: number }[];
  const held = pending ? `; ${pending === 1 ? 'a reply is' : `${pending} replies are`} waiting for approval` : '';
  throw new ForbiddenException(
    `Only a manager, an admin or an approver can make this change: replies on ${ticket.reference} need approval (${covering.map(describe).join('; ')})${held}, and this change would take the ticket out of that rule`,
  );
}

/**
 * Refuses moving an outlet (or a journalist, to another outlet) out of a tier that a rule covers,
 * unless an approver does it: replies to that outlet's journalists would otherwise escape approval.
 */
export async function assertTierKept(tx: EntityManager, user: RequestUser, action: string, fromTier: string | null, toTier: string | null): Promise<void> {
  if (!fromTier || fromTier === toTier) return;
  const rows = (await tx.query(`SELECT value FROM approval_rules WHERE kind = 'outlet_tier' AND value = ANY($1::text[])`, [[fromTier, toTier].filter(Boolean)])) as {
    value: string;
  }[];
  const covered = new Set(rows.map((row) => row.value));
  if (!covered.has(fromTier) || (toTier && covered.has(toTier))) return;
  if (await isApprover(tx, user)) return;
  throw new ForbiddenException(
    `Only a manager, an admin or an approver can ${action}: replies to ${fromTier} outlets need approval`,
  );
}

/** Managers, admins, and officers given the approver right. */
export async function isApprover(tx: EntityManager, user: RequestUser): Promise<boolean> {
  if (user.role === 'admin' || user.role === 'manager') return true;
  const [row] = (await tx.query(`SELECT can_approve FROM users WHERE id = $1`, [user.id])) as { can_approve: boolean }[];
  return !!row?.can_approve;
}

/** The title of the library statement (any version, draft or retired included) this text derives from, if any. */
async function derivedStatement(tx: EntityManager, plain: string): Promise<string | null> {
  const versions = (await tx.query(
    `SELECT s.title, v.body FROM statement_versions v JOIN statements s ON s.id = v.statement_id ORDER BY v.created_at DESC`,
  )) as { title: string; body: string }[];
  // One-word library lines ("No.") would make every reply a statement: two words at least.
  return derivedFrom(plain, versions, 2)?.title ?? null;
}

/**
 * A reply held or rejected on one ticket cannot go out by pasting it into another: the recent
 * pending or rejected text (six words at least) this text derives from, if any.
 */
async function derivedHeldReply(tx: EntityManager, plain: string): Promise<{ reference: string; status: 'pending' | 'rejected' } | null> {
  const rows = (await tx.query(
    `SELECT t.reference, a.status, a.format, v.body
       FROM approvals a JOIN approval_versions v ON v.approval_id = a.id JOIN tickets t ON t.id = a.ticket_id
      WHERE a.status IN ('pending', 'rejected') AND a.created_at > now() - interval '${HELD_TEXT_DAYS} days'
      ORDER BY a.created_at DESC`,
  )) as { reference: string; status: 'pending' | 'rejected'; format: 'markdown' | 'html'; body: string }[];
  const texts = rows.map((row) => ({ ...row, body: row.format === 'html' ? heldText(row.body) : row.body }));
  return derivedFrom(plain, texts, 6);
}

/** Topic and outlet-tier rules that cover a ticket with these fields (and replies to these addresses). */
async function scopeRules(tx: EntityManager, scope: TicketScope, recipients: string[]): Promise<Rule[]> {
  const addresses = recipients.map((address) => address.toLowerCase());
  const domains = [...new Set(addresses.flatMap((address) => parentDomains(address.split('@').pop() ?? '')))];
  return (await tx.query(
    `SELECT r.kind, r.value
       FROM approval_rules r
      WHERE (r.kind = 'topic' AND r.value = ANY($1::text[]))
         OR (r.kind = 'outlet_tier' AND r.value IN (
              SELECT o.tier FROM outlets o WHERE o.id = $2
              UNION ALL SELECT o.tier FROM journalists j JOIN outlets o ON o.id = j.outlet_id WHERE j.id = $3
              UNION ALL SELECT o.tier FROM journalists j JOIN outlets o ON o.id = j.outlet_id
                         WHERE j.email = ANY($4::text[]) OR j.aliases && $4::text[]
              UNION ALL SELECT o.tier FROM outlets o WHERE o.domains && $5::text[]))
      ORDER BY r.kind, r.value`,
    [scope.tags, scope.outletId, scope.journalistId, addresses, domains],
  )) as Rule[];
}

/** `news.example.co.uk` → itself and every parent with a dot, as outlet domains are matched. */
function parentDomains(domain: string): string[] {
  const parts = domain.split('.');
  return parts.slice(0, -1).map((_, index) => parts.slice(index).join('.'));
}

function describe(rule: Rule): string {
  if (rule.kind === 'all_statements') return 'every statement needs approval';
  if (rule.kind === 'topic') return `topic "${rule.value}" needs approval`;
  return `${rule.value} outlets need approval`;
}
