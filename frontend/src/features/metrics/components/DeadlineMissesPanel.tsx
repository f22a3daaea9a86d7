import type { DeadlineMissDto, MetricsQueryParams } from '@newsdesk/shared';
import { deadlineMissesCsvUrl } from '../../../api/metric-reports';
import { OutletCell, referenceColumn, shownAt, TicketListPanel, type TicketListColumn } from '../../../components/TicketListPanel';
import { useDeadlineMisses } from '../hooks/useDeadlineMisses';
import { formatDuration } from '../metrics-params';
import { Muted } from '../../../components/Muted';
import { Button } from '../../../components/Button';

export interface MissesShown {
  title: string;
  query: MetricsQueryParams;
}

const COLUMNS: TicketListColumn<DeadlineMissDto>[] = [
  referenceColumn('Ticket'),
  { header: 'Subject', rowHeader: true, cell: (miss) => miss.subject },
  { header: 'Journalist', cell: (miss) => miss.journalist?.name || miss.journalist?.email || <Muted>Unknown</Muted> },
  { header: 'Outlet', cell: (miss) => <OutletCell outlet={miss.outlet} /> },
  { header: 'Officer then', cell: (miss) => miss.officer?.name ?? <Muted>Unassigned</Muted> },
  { header: 'Deadline', cell: (miss) => shownAt(miss.deadlineAt) },
  { header: 'How late', late: true, cell: (miss) => (miss.answeredAt ? `answered ${formatDuration(miss.lateSeconds)} late` : `no reply yet (${formatDuration(miss.lateSeconds)})`) },
];

/** The deadlines missed in a range: who asked, from which outlet, who held the ticket and how late. */
export function DeadlineMissesPanel({ shown, onClose }: { shown: MissesShown; onClose: () => void }) {
  return (
    <TicketListPanel
      id="deadline-misses"
      title={shown.title}
      pages={useDeadlineMisses(shown.query)}
      columns={COLUMNS}
      rowKey={(miss) => miss.ticketId}
      loading="Loading missed deadlines…"
      failed="The missed deadlines could not load."
      empty="No deadline was missed in this range."
      width="full"
      actions={
        <Button as="a" variant="quiet" href={deadlineMissesCsvUrl(shown.query)} download>
          Download (CSV)
        </Button>
      }
      onClose={onClose}
    />
  );
}
