import type { StatementSummaryDto } from '@newsdesk/shared';
import { formatReviewDate } from '../statement-labels';
import { Muted } from '../../../components/Muted';
import { Badge } from '../../../components/Badge';

/** The review-by date, flagged when it has passed. */
export function ReviewDate({ statement }: { statement: Pick<StatementSummaryDto, 'reviewBy' | 'stale'> }) {
  if (!statement.reviewBy) return <Muted>No review date</Muted>;
  const date = (
    <>
      {statement.stale ? 'Review overdue since ' : 'Review by '}
      <time dateTime={statement.reviewBy}>{formatReviewDate(statement.reviewBy)}</time>
    </>
  );
  return statement.stale ? <Badge tone="warning">{date}</Badge> : <span>{date}</span>;
}
