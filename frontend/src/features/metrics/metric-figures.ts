import { FIGURE_UNITS, type ComparedFigure, type FigureComparisonDto } from '@newsdesk/shared';
import { formatCount, formatDuration, formatRate } from './metrics-params';

export function formatFigure(figure: ComparedFigure, value: number | null): string {
  const unit = FIGURE_UNITS[figure];
  if (value === null) return '—';
  return unit === 'seconds' ? formatDuration(value) : unit === 'ratio' ? formatRate(value) : formatCount(value);
}

/** "+3", "−12 min", "+4 pts", "no change". */
export function formatChange(comparison: FigureComparisonDto): string {
  const { change, figure } = comparison;
  if (change === null) return '—';
  if (change === 0) return 'no change';
  const size = Math.abs(change);
  const unit = FIGURE_UNITS[figure];
  return `${change > 0 ? '+' : '−'}${unit === 'seconds' ? formatDuration(size) : unit === 'ratio' ? `${Math.round(size * 100)} pts` : formatCount(size)}`;
}
