import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { queueMail } from '../outbound/queue-mail.js';
import { safeSubject } from '../outbound/addresses.js';

interface TicketRef {
  id: string;
  reference: string;
  subject: string;
}

/** Mails to officers (assigned to you, a journalist replied), each switchable per officer, through the outbox. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
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
    const [ticket] = (await tx.query('SELECT id, reference, subject, assignee_id FROM tickets WHERE id = $1', [ticketId])) as (TicketRef & {
      assignee_id: string | null;
    })[];
    if (!ticket?.assignee_id) return;
    const officer = await this.officer(tx, ticket.assignee_id, 'notify_replied');
    if (!officer) return;
    await this.send(tx, ticket, officer, `New reply on ${ticket.reference}: ${ticket.subject}`, [
      `${from ?? 'The journalist'} wrote again on ${ticket.reference} "${ticket.subject}".`,
    ]);
  }

  private async officer(tx: EntityManager, userId: string, switchColumn: 'notify_assigned' | 'notify_replied') {
    const [officer] = (await tx.query(`SELECT name, email FROM users WHERE id = $1 AND active AND ${switchColumn}`, [userId])) as {
      name: string;
      email: string;
    }[];
    return officer ?? null;
  }

  private async send(tx: EntityManager, ticket: TicketRef, officer: { name: string; email: string }, subject: string, lines: string[]) {
    const link = `${this.config.publicUrl}/tickets/${ticket.reference}`;
    await queueMail(
      tx,
      {
        kind: 'notification',
        ticketId: ticket.id,
        from: this.config.intakeAddresses[0],
        to: [{ name: officer.name, address: officer.email }],
        subject: safeSubject(subject),
        text: [`Hello ${officer.name},`, '', ...lines, '', `Open it: ${link}`, '', 'You can switch these mails off in your profile.'].join('\n'),
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      },
      this.secrets.messageIdKey,
      this.config.MAIL_DOMAIN,
    );
  }
}
