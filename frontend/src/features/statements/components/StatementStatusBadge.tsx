import type { StatementStatus } from '@newsdesk/shared';
import { STATEMENT_STATUS_LABELS } from '../statement-labels';
import { Badge, type BadgeTone } from '../../../components/Badge';

const TONES: Record<StatementStatus, BadgeTone> = { draft: 'warning', approved: 'success', retired: 'muted' };

export function StatementStatusBadge({ status }: { status: StatementStatus }) {
  return <Badge tone={TONES[status]}>{STATEMENT_STATUS_LABELS[status]}</Badge>;
}

/** The version of a statement that is in force, in the approved colour. */
export function InForceBadge() {
  return <Badge tone={TONES.approved}>In force</Badge>;
}
