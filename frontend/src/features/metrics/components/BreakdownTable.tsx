import type { ComparedFigure, FigureComparisonDto, MetricGroupValuesDto, MetricName } from '@newsdesk/shared';
import { useId, useState } from 'react';
import { formatCount, formatDuration, formatRate } from '../metrics-params';
import { DeltaBadge } from './DeltaBadge';
import { EmptyState } from '../../../components/EmptyState';
import { Muted } from '../../../components/Muted';
import { TableScroll, dataTableClass } from '../../../components/DataTable';
import { Button } from '../../../components/Button';
import styles from './BreakdownTable.module.css';

interface BreakdownTableProps {
  title: string;
  groups: MetricGroupValuesDto[];
  onShowTickets: (group: MetricGroupValuesDto, metric: MetricName) => void;
  /** Each group's figures against the period before, by group key ('' for none), when loaded. */
  comparison?: Map<string, FigureComparisonDto[]>;
}

const SHOWN = 12;

/** One row per officer, outlet or topic; each number opens the tickets behind it. */
export function BreakdownTable({ title, groups, onShowTickets, comparison }: BreakdownTableProps) {
  const delta = (group: MetricGroupValuesDto, figure: ComparedFigure) => <DeltaBadge comparison={comparison?.get(group.key ?? '')?.find((f) => f.figure === figure)} />;
  const captionId = useId();
  const [all, setAll] = useState(false);
  const rows = all ? groups : groups.slice(0, SHOWN);
  const cell = (group: MetricGroupValuesDto, metric: MetricName, text: string) => (
    <Button variant="link" type="button" onClick={() => onShowTickets(group, metric)} aria-label={`${text}: show the tickets (${group.label})`}>
      {text}
    </Button>
  );
  if (!groups.length) return <EmptyState>Nothing to break down in this range.</EmptyState>;
  return (
    <TableScroll role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className={`${dataTableClass} ${styles.breakdownTable}`}>
        <caption id={captionId}>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Received</th>
            <th scope="col">First response (median)</th>
            <th scope="col">Deadlines met</th>
            <th scope="col">Resolution (median)</th>
            <th scope="col">Open at end</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((group) => (
            <tr key={group.key ?? 'none'}>
              <th scope="row">{group.label}</th>
              <td>
                {cell(group, 'received', formatCount(group.values.received))}
                {delta(group, 'received')}
              </td>
              <td>
                {cell(group, 'firstResponseTime', formatDuration(group.values.firstResponseTime.medianSeconds))}
                {delta(group, 'firstResponseMedian')}
              </td>
              <td>
                {cell(group, 'deadlineHitRate', formatRate(group.values.deadlines.hitRate))}
                <Muted> of {formatCount(group.values.deadlines.met + group.values.deadlines.missed)}</Muted>
                {delta(group, 'deadlineHitRate')}
              </td>
              <td>
                {cell(group, 'resolutionTime', formatDuration(group.values.resolutionTime.medianSeconds))}
                {delta(group, 'resolutionMedian')}
              </td>
              <td>
                {cell(group, 'backlog', formatCount(group.values.backlog))}
                {delta(group, 'backlog')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {groups.length > SHOWN && (
        <Button variant="quiet" type="button" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${groups.length}`}
        </Button>
      )}
    </TableScroll>
  );
}
