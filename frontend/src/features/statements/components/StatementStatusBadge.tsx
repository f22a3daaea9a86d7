import type { StatementStatus } from '@newsdesk/shared';
import { STATEMENT_STATUS_LABELS } from '../statement-labels';

const TONES: Record<StatementStatus, string> = { draft: 'badge--warning', approved: 'badge--success', retired: 'badge--muted' };

export function StatementStatusBadge({ status }: { status: StatementStatus }) {
  return <span className={`badge ${TONES[status]}`}>{STATEMENT_STATUS_LABELS[status]}</span>;
}

/** The version of a statement that is in force, in the approved colour. */
export function InForceBadge() {
  return <span className={`badge ${TONES.approved}`}>In force</span>;
}
