import type { TicketDetailDto } from '@newsdesk/shared';
import type { ReactNode } from 'react';
import { TICKET_STATUS_LABELS } from '../ticket-status-labels';
import { DeadlineCountdown } from './DeadlineCountdown';
import { TargetBadge } from './TargetBadge';
import styles from './TicketHeader.module.css';

interface TicketHeaderProps {
  ticket: TicketDetailDto;
  now: number;
  timeZone?: string;
  /** Beside the title: who else has the ticket open. */
  children?: ReactNode;
}

/** The ticket's reference and subject, with its status, deadline, first-response target and assignee. */
export function TicketHeader({ ticket, now, timeZone, children }: TicketHeaderProps) {
  return (
    <header className={styles.ticketHeader}>
      <div>
        <p className={styles.ticketHeaderReference}>{ticket.reference}</p>
        <h1>{ticket.subject}</h1>
        <p className="ticket-header__meta">
          <span className={`status status--${ticket.status}`}>{TICKET_STATUS_LABELS[ticket.status]}</span>{' '}
          <DeadlineCountdown deadlineAt={ticket.effectiveDeadlineAt} now={now} timeZone={timeZone} detected={ticket.deadlineSource === 'detected'} inline />{' '}
          <TargetBadge ticket={ticket} now={now} showOutcome />{' '}
          <span className="muted">{ticket.assignee ? `Assigned to ${ticket.assignee.name}` : 'Unassigned'}</span>
        </p>
      </div>
      {children}
    </header>
  );
}
