import type { StatementStatus } from '@newsdesk/shared';
import { STATEMENT_STATUS_LABELS } from '../statement-labels';

export function StatementStatusBadge({ status }: { status: StatementStatus }) {
  return <span className={`badge badge--statement-${status}`}>{STATEMENT_STATUS_LABELS[status]}</span>;
}
