import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { queueMail } from '../outbound/queue-mail.js';
import { safeSubject } from '../outbound/addresses.js';
import { UsersService, type NotificationSwitch } from '../users/users.service.js';
import { TicketRecordsService } from '../tickets/ticket-records.service.js';

interface TicketRef {
  id: string;
  reference: string;
  subject: string;
}

/** Who decided an approval, and how. */
export interface ApprovalDecision {
  outcome: 'approved' | 'rejected';
  approverId: string;
  comment: string | null;
}

/** Mails to officers (assigned to you, a journalist replied, approvals), each switchable per officer, through the outbox. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly users: UsersService,
    private readonly tickets: TicketRecordsService,
  ) {}

  async assigned(tx: EntityManager, ticket: TicketRef, assigneeId: string, actorId: string | null): Promise<void> {
    if (assigneeId === actorId) return;
    const officer = await this.officer(tx, assigneeId, 'notify_assigned');
    if (!officer) return;
    await this.send(tx, ticket, officer, `${ticket.reference} assigned to you: ${ticket.subject}`, [
      `${ticket.reference} "${ticket.subject}" is now yours.`,
    ]);
  }

  async journalistReplied(tx: EntityManager, ticketId: string, from: string | null): Promise<void> {
    const ticket = await this.tickets.withAssignee(tx, ticketId);
    if (!ticket?.assignee_id) return;
    const officer = await this.officer(tx, ticket.assignee_id, 'notify_replied');
    if (!officer) return;
    await this.send(tx, ticket, officer, `New reply on ${ticket.reference}: ${ticket.subject}`, [
      `${from ?? 'The journalist'} wrote again on ${ticket.reference} "${ticket.subject}".`,
    ]);
  }

  /** A held reply waits: every approver but its author is told (replies need a manager, an admin or the approver right). */
  async approvalRequested(tx: EntityManager, ticket: TicketRef, requesterId: string, reason: string): Promise<void> {
    const requester = await this.name(tx, requesterId);
    const approvers = await this.users.listReplyApproversToNotify(tx, requesterId);
    for (const approver of approvers) {
      await this.send(
        tx,
        ticket,
        approver,
        `Approval needed: reply on ${ticket.reference}: ${ticket.subject}`,
        [`${requester} asks you to approve a reply on ${ticket.reference} "${ticket.subject}" (${reason}).`, '', `It waits in the Approvals inbox: ${this.config.publicUrl}/approvals`],
      );
    }
  }

  /** The requester learns the outcome, with the approver's comment; nobody is mailed about their own decision. */
  async approvalDecided(tx: EntityManager, ticket: TicketRef, requesterId: string | null, decision: ApprovalDecision): Promise<void> {
    if (!requesterId || requesterId === decision.approverId) return;
    const requester = await this.officer(tx, requesterId, 'notify_approvals');
    if (!requester) return;
    const approver = await this.name(tx, decision.approverId);
    const lines =
      decision.outcome === 'approved'
        ? [`${approver} approved your reply on ${ticket.reference} "${ticket.subject}"; it is on its way to the journalist.`]
        : [`${approver} rejected your reply on ${ticket.reference} "${ticket.subject}". The draft stays on the ticket for you to rework.`];
    if (decision.comment) lines.push('', `Comment: ${decision.comment}`);
    await this.send(tx, ticket, requester, `Your reply on ${ticket.reference} was ${decision.outcome}: ${ticket.subject}`, lines);
  }

  /** A statement version waits for approval: managers and admins but its author are told (statements are theirs to approve). */
  async statementWaiting(tx: EntityManager, statement: { title: string; version: number }, authorId: string): Promise<void> {
    const author = await this.name(tx, authorId);
    const approvers = await this.users.listStatementApproversToNotify(tx, authorId);
    for (const approver of approvers) {
      await this.mail(tx, null, approver, `Approval needed: statement "${statement.title}" (version ${statement.version})`, [
        `${author} asks you to approve version ${statement.version} of the statement "${statement.title}".`,
        '',
        `It waits in the Approvals inbox: ${this.config.publicUrl}/approvals`,
      ]);
    }
  }

  /** The author of an approved statement version is told. */
  async statementApproved(tx: EntityManager, statement: { id: string; title: string; version: number }, authorId: string | null, approverId: string): Promise<void> {
    if (!authorId || authorId === approverId) return;
    const author = await this.officer(tx, authorId, 'notify_approvals');
    if (!author) return;
    const approver = await this.name(tx, approverId);
    await this.mail(tx, null, author, `Your statement "${statement.title}" (version ${statement.version}) was approved`, [
      `${approver} approved version ${statement.version} of "${statement.title}"; it is now the wording sent.`,
      '',
      `Open it: ${this.config.publicUrl}/statements/${statement.id}`,
    ]);
  }

  private async name(tx: EntityManager, userId: string): Promise<string> {
    return (await this.users.findName(tx, userId)) || 'A colleague';
  }

  private officer(tx: EntityManager, userId: string, switchColumn: NotificationSwitch) {
    return this.users.findNotifiable(tx, userId, switchColumn);
  }

  private async send(tx: EntityManager, ticket: TicketRef, officer: { name: string; email: string }, subject: string, lines: string[]) {
    await this.mail(tx, ticket.id, officer, subject, [...lines, '', `Open it: ${this.config.publicUrl}/tickets/${ticket.reference}`]);
  }

  private async mail(tx: EntityManager, ticketId: string | null, officer: { name: string; email: string }, subject: string, lines: string[]) {
    await queueMail(
      tx,
      {
        kind: 'notification',
        ticketId,
        from: this.config.intakeAddresses[0],
        to: [{ name: officer.name, address: officer.email }],
        subject: safeSubject(subject),
        text: [`Hello ${officer.name},`, '', ...lines, '', 'You can switch these mails off in your profile.'].join('\n'),
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      },
      this.secrets.messageIdKey,
      this.config.MAIL_DOMAIN,
    );
  }
}
