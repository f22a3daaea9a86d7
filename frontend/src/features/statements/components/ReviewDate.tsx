import type { StatementSummaryDto } from '@newsdesk/shared';
import { formatReviewDate } from '../statement-labels';

/** The review-by date, flagged when it has passed. */
export function ReviewDate({ statement }: { statement: Pick<StatementSummaryDto, 'reviewBy' | 'stale'> }) {
  if (!statement.reviewBy) return <span className="muted">No review date</span>;
  return (
    <span className={statement.stale ? 'badge badge--warning' : undefined}>
      {statement.stale ? 'Review overdue since ' : 'Review by '}
      <time dateTime={statement.reviewBy}>{formatReviewDate(statement.reviewBy)}</time>
    </span>
  );
}
