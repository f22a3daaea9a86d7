import type { MetricTicketDto, MetricTicketsParams } from '@newsdesk/shared';
import { referenceColumn, shownAt, TicketListPanel, type TicketListColumn } from '../../../components/TicketListPanel';
import { useMetricTickets } from '../hooks/useMetricTickets';
import { formatDuration } from '../metrics-params';
import { Muted } from '../../../components/Muted';

export interface TicketsBehind {
  title: string;
  query: MetricTicketsParams;
}

const TIMED = ['timeToAcknowledge', 'firstResponseTime', 'resolutionTime'];

/** The tickets behind one number, each a link to the ticket. */
export function MetricTicketsPanel({ behind, onClose }: { behind: TicketsBehind; onClose: () => void }) {
  const columns: TicketListColumn<MetricTicketDto>[] = [
    referenceColumn(),
    { header: 'Subject', rowHeader: true, cell: (ticket) => ticket.subject },
    { header: 'When', cell: (ticket) => shownAt(ticket.at) },
    ...(TIMED.includes(behind.query.metric) ? [{ header: 'Took', cell: (ticket: MetricTicketDto) => formatDuration(ticket.seconds) }] : []),
    { header: 'Officer now', cell: (ticket) => ticket.officer?.name ?? <Muted>Unassigned</Muted> },
    { header: 'Outlet', cell: (ticket) => ticket.outlet?.name ?? <Muted>—</Muted> },
  ];
  return (
    <TicketListPanel
      id="metric-tickets"
      title={behind.title}
      pages={useMetricTickets(behind.query)}
      columns={columns}
      rowKey={(ticket) => `${ticket.id}-${ticket.at}`}
      loading="Loading tickets…"
      failed="The tickets could not load."
      empty="No tickets behind this number."
      onClose={onClose}
    />
  );
}
