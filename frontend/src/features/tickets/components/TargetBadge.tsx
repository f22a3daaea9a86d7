import type { TicketQueueItemDto } from '@newsdesk/shared';
import { describeTarget } from '../response-target';
import styles from './TargetBadge.module.css';

interface TargetBadgeProps {
  ticket: Pick<TicketQueueItemDto, 'responseTarget' | 'firstResponseAt'>;
  now: number;
  /** The queue shows only tickets still waiting for an answer; the ticket page shows the outcome too. */
  showOutcome?: boolean;
  /** The caller's placement (the queue's badge cell nudges it down). */
  className?: string;
}

/** The ticket's first-response target: time left, amber when near, missed in words with an icon. */
export function TargetBadge({ ticket, now, showOutcome = false, className }: TargetBadgeProps) {
  const { state, label, title } = describeTarget(ticket, now);
  if (state === 'none' || (!showOutcome && (state === 'met' || state === 'late'))) return null;
  return (
    <time className={[styles.target, styles[`target--${state}`], className].filter(Boolean).join(' ')} data-state={state} dateTime={ticket.responseTarget?.dueAt} title={title}>
      {(state === 'missed' || state === 'late') && (
        <span className="target__icon" aria-hidden="true">
          ⚠{' '}
        </span>
      )}
      {label}
    </time>
  );
}
