import type { TicketDetailDto } from '@newsdesk/shared';
import type { ReactNode } from 'react';
import { DeadlineCountdown } from './DeadlineCountdown';
import { TargetBadge } from './TargetBadge';
import { HeaderMeta } from '../../../components/HeaderMeta';
import { TicketStatusBadge } from './TicketStatusBadge';
import { Muted } from '../../../components/Muted';
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
        <HeaderMeta>
          <TicketStatusBadge status={ticket.status} />{' '}
          <DeadlineCountdown deadlineAt={ticket.effectiveDeadlineAt} now={now} timeZone={timeZone} detected={ticket.deadlineSource === 'detected'} inline />{' '}
          <TargetBadge ticket={ticket} now={now} showOutcome />{' '}
          <Muted>{ticket.assignee ? `Assigned to ${ticket.assignee.name}` : 'Unassigned'}</Muted>
        </HeaderMeta>
      </div>
      {children}
    </header>
  );
}
