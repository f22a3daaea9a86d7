import type { TargetBreachDto, TargetOutcomesParams } from '@newsdesk/shared';
import { OutletCell, referenceColumn, shownAt, TicketListPanel, type TicketListColumn } from '../../../components/TicketListPanel';
import { formatDuration } from '../../metrics/metrics-params';
import { useTargetBreaches } from '../hooks/useTargetOutcomes';
import { Muted } from '../../../components/Muted';

export interface BreachesShown {
  title: string;
  query: TargetOutcomesParams;
}

const COLUMNS: TicketListColumn<TargetBreachDto>[] = [
  referenceColumn(),
  { header: 'Subject', rowHeader: true, cell: (breach) => breach.subject },
  { header: 'Officer', cell: (breach) => breach.officer?.name ?? <Muted>Unassigned</Muted> },
  { header: 'Outlet', cell: (breach) => <OutletCell outlet={breach.outlet} /> },
  { header: 'Target', cell: (breach) => formatDuration(breach.targetMinutes * 60) },
  { header: 'Due', cell: (breach) => shownAt(breach.dueAt) },
  { header: 'How late', late: true, cell: (breach) => `${formatDuration(breach.lateSeconds)}${breach.firstResponseAt ? '' : ' · still unanswered'}` },
];

/** The breaches behind a number: who held the ticket, which outlet, and how late the first reply was (or still is). */
export function TargetBreachesPanel({ shown, onClose }: { shown: BreachesShown; onClose: () => void }) {
  return (
    <TicketListPanel
      id="target-breaches"
      title={shown.title}
      headingLevel={3}
      pages={useTargetBreaches(shown.query)}
      columns={COLUMNS}
      rowKey={(breach) => breach.ticketId}
      loading="Loading breaches…"
      failed="The breaches could not load."
      empty="No target was missed here."
      width="full"
      flush
      onClose={onClose}
    />
  );
}
