import type { FigureComparisonDto } from '@newsdesk/shared';
import { formatChange, formatFigure } from '../metric-figures';
import styles from './PeriodDelta.module.css';

const ARROWS = { up: '▲', down: '▼', same: '=' } as const;

/** The colour of good or bad news; none for neutral or no verdict. */
export function verdictClass(verdict: FigureComparisonDto['verdict']): string {
  return verdict === 'better' ? styles.better : verdict === 'worse' ? styles.worse : '';
}

/** One figure against the period before: the change, its direction, and whether that is good news (colour and words). */
export function PeriodDelta({ comparison, label }: { comparison: FigureComparisonDto; label?: string }) {
  const { direction, verdict } = comparison;
  const judged = verdict === 'better' || verdict === 'worse' ? ` (${verdict})` : '';
  return (
    <p className={`${styles.periodDelta} ${verdictClass(verdict)}`} data-figure={comparison.figure}>
      {label && <span>{label}: </span>}
      <span className={styles.change}>
        {direction && <span aria-hidden="true">{ARROWS[direction]} </span>}
        {formatChange(comparison)}
        {judged}
      </span>{' '}
      vs {formatFigure(comparison.figure, comparison.previous)} the period before
    </p>
  );
}
