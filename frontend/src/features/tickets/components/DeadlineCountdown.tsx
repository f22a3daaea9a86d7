import { describeDeadline, formatDeadlineClock } from '../deadline';
import styles from './DeadlineCountdown.module.css';

const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface DeadlineCountdownProps {
  deadlineAt: string | null;
  now: number;
  /** The office's zone: with it, the clock time ("Today 16:00") is shown above the countdown. */
  timeZone?: string;
  /** Read out of the mail and not yet confirmed by anyone. */
  detected?: boolean;
  /** One line (ticket header) instead of the clock above the countdown (queue row). */
  inline?: boolean;
}

/** How long is left before a deadline; overdue says so in words and with an icon, not by colour alone. */
export function DeadlineCountdown({ deadlineAt, now, timeZone, detected = false, inline = false }: DeadlineCountdownProps) {
  const { urgency, label } = describeDeadline(deadlineAt, now);
  const className = `${styles.deadline} ${styles[`deadline--${urgency}`] ?? ''}`;
  if (urgency === 'none' || deadlineAt === null) return <span className={className}>{label}</span>;
  const countdown = (
    <>
      {urgency === 'overdue' && (
        <span className="deadline__icon" aria-hidden="true">
          ⚠{' '}
        </span>
      )}
      {label}
    </>
  );
  const title = absoluteFormat.format(new Date(deadlineAt));
  if (!timeZone) {
    return (
      <time className={className} dateTime={deadlineAt} title={title}>
        {countdown}
      </time>
    );
  }
  return (
    <span className={`${styles.deadlineBlock} ${inline ? styles.deadlineBlockInline : styles.deadlineBlockWraps}`}>
      <time className={styles.deadlineBlockClock} dateTime={deadlineAt} title={title}>
        {formatDeadlineClock(deadlineAt, now, timeZone)}
      </time>
      <span className={className}>{countdown}</span>
      {detected && (
        <span className={styles.deadlineBlockDetected} title="Read from the journalist's mail; confirm or correct it on the ticket">
          Detected
        </span>
      )}
    </span>
  );
}
