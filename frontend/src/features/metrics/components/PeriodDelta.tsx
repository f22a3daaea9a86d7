import type { FigureComparisonDto } from '@newsdesk/shared';
import { formatChange, formatFigure } from '../metric-figures';
import '../metric-reports.css';
import styles from './PeriodDelta.module.css';

const ARROWS = { up: '▲', down: '▼', same: '=' } as const;

/** One figure against the period before: the change, its direction, and whether that is good news (colour and words). */
export function PeriodDelta({ comparison, label }: { comparison: FigureComparisonDto; label?: string }) {
  const { direction, verdict } = comparison;
  const judged = verdict === 'better' || verdict === 'worse' ? ` (${verdict})` : '';
  return (
    <p className={`${styles.periodDelta} period-delta--${verdict ?? 'none'}`} data-figure={comparison.figure}>
      {label && <span>{label}: </span>}
      <span className="period-delta__change">
        {direction && <span aria-hidden="true">{ARROWS[direction]} </span>}
        {formatChange(comparison)}
        {judged}
      </span>{' '}
      vs {formatFigure(comparison.figure, comparison.previous)} the period before
    </p>
  );
}
