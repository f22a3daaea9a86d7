import { ForbiddenException } from '@nestjs/common';
import { compile } from 'html-to-text';
import type { EntityManager } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import type { UsersService } from '../users/users.service.js';
import { libraryTexts } from '../statements/statement-library.js';
import { SendTimeApprovalsRepository, type ApprovalRequest, type ScopeRuleRow, type TicketApprovalRow } from './approvals.repository.js';
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

type Rule = ScopeRuleRow;

/**
 * These checks run inside other modules' transactions (a reply, a ticket or contact edit), and those
 * modules cannot inject approvals' providers (approvals depends on outbound and tickets): functions
 * over a repository whose every method takes the caller's `tx`.
 */
const rules = new SendTimeApprovalsRepository();

/** The approvals of a ticket's replies (the thread shows each on its message); `db` is the pool's manager or a transaction. */
export function approvalsOfTicket(db: EntityManager, ticketId: string): Promise<TicketApprovalRow[]> {
  return rules.findByTicket(db, ticketId);
}

/** Holds a stored reply for approval (the approval and version 1 of its text) in the reply's transaction; the approval's id. */
export function holdForApproval(tx: EntityManager, request: ApprovalRequest): Promise<string> {
  return rules.insertRequest(tx, request);
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
  const allStatements = await rules.allStatementsRuleOn(tx);
  const scope: TicketScope = { tags: ticket.tags, outletId: ticket.outletId, journalistId: ticket.journalistId };
  // Share locks last until commit: the contacts the caller locked are still held if the ticket still names them.
  if (!locked || locked.outletId !== scope.outletId || locked.journalistId !== scope.journalistId) await lockScope(tx, scope);
  const recipients = reply.kind === 'written' ? reply.recipients : [];

  if (allStatements && reply.kind === 'written') {
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
  users: UsersService,
): Promise<void> {
  const covering = await scopeRules(tx, before, []);
  if (!covering.length || (await scopeRules(tx, after, [])).length) return;
  if (await isApprover(tx, user, users)) return;
  const pending = await rules.countPending(tx, ticket.id);
  const held = pending ? `; ${pending === 1 ? 'a reply is' : `${pending} replies are`} waiting for approval` : '';
  throw new ForbiddenException(
    `Only a manager, an admin or an approver can make this change: replies on ${ticket.reference} need approval (${covering.map(describe).join('; ')})${held}, and this change would take the ticket out of that rule`,
  );
}

/**
 * Refuses moving an outlet (or a journalist, to another outlet) out of a tier that a rule covers,
 * unless an approver does it: replies to that outlet's journalists would otherwise escape approval.
 */
export async function assertTierKept(tx: EntityManager, user: RequestUser, action: string, fromTier: string | null, toTier: string | null, users: UsersService): Promise<void> {
  if (!fromTier || fromTier === toTier) return;
  const covered = new Set(await rules.findCoveredTiers(tx, [fromTier, toTier].filter((tier): tier is string => !!tier)));
  if (!covered.has(fromTier) || (toTier && covered.has(toTier))) return;
  if (await isApprover(tx, user, users)) return;
  throw new ForbiddenException(
    `Only a manager, an admin or an approver can ${action}: replies to ${fromTier} outlets need approval`,
  );
}

/** Managers, admins, and officers given the approver right. */
export async function isApprover(tx: EntityManager, user: RequestUser, users: UsersService): Promise<boolean> {
  if (user.role === 'admin' || user.role === 'manager') return true;
  return users.hasApproverRight(tx, user.id);
}

/** The title of the library statement (any version, draft or retired included) this text derives from, if any. */
async function derivedStatement(tx: EntityManager, plain: string): Promise<string | null> {
  const versions = await libraryTexts(tx);
  // One-word library lines ("No.") would make every reply a statement: two words at least.
  return derivedFrom(plain, versions, 2)?.title ?? null;
}

/**
 * A reply held or rejected on one ticket cannot go out by pasting it into another: the recent
 * pending or rejected text (six words at least) this text derives from, if any.
 */
async function derivedHeldReply(tx: EntityManager, plain: string): Promise<{ reference: string; status: 'pending' | 'rejected' } | null> {
  const rows = await rules.findHeldTexts(tx, HELD_TEXT_DAYS);
  const texts = rows.map((row) => ({ ...row, body: row.format === 'html' ? heldText(row.body) : row.body }));
  return derivedFrom(plain, texts, 6);
}

/** Topic and outlet-tier rules that cover a ticket with these fields (and replies to these addresses). */
async function scopeRules(tx: EntityManager, scope: TicketScope, recipients: string[]): Promise<Rule[]> {
  const addresses = recipients.map((address) => address.toLowerCase());
  const domains = [...new Set(addresses.flatMap((address) => parentDomains(address.split('@').pop() ?? '')))];
  return rules.findScopeRules(tx, { tags: scope.tags, outletId: scope.outletId, journalistId: scope.journalistId, addresses, domains });
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
