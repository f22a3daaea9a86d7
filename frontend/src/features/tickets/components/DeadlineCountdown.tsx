import { describeDeadline } from '../deadline';

const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface DeadlineCountdownProps {
  deadlineAt: string | null;
  now: number;
}

export function DeadlineCountdown({ deadlineAt, now }: DeadlineCountdownProps) {
  const { urgency, label } = describeDeadline(deadlineAt, now);
  const className = `deadline deadline--${urgency}`;
  if (urgency === 'none' || deadlineAt === null) return <span className={className}>{label}</span>;
  return (
    <time className={className} dateTime={deadlineAt} title={absoluteFormat.format(new Date(deadlineAt))}>
      {label}
    </time>
  );
}
