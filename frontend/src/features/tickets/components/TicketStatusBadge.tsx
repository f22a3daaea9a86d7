import type { TicketStatus } from '@newsdesk/shared';
import { TICKET_STATUS_LABELS } from '../ticket-status-labels';
import styles from './TicketStatusBadge.module.css';

/** A ticket's status as a coloured pill with its word (queue row, ticket header, story table). */
export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return <span className={`${styles.status} ${styles[`status--${status}`] ?? ''}`}>{TICKET_STATUS_LABELS[status]}</span>;
}
