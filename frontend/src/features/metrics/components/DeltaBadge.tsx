import type { FigureComparisonDto } from '@newsdesk/shared';
import { formatChange, formatFigure } from '../metric-figures';
import { VisuallyHidden } from '../../../components/VisuallyHidden';
import styles from './DeltaBadge.module.css';
import delta from './PeriodDelta.module.css';
import { verdictClass } from './PeriodDelta';

const ARROWS = { up: '▲', down: '▼', same: '=' } as const;

/** A table cell's change against the period before, compact: arrow and change in the verdict's colour, the rest for screen readers and on hover. */
export function DeltaBadge({ comparison }: { comparison: FigureComparisonDto | undefined }) {
  if (!comparison || comparison.change === null || !comparison.direction) return null;
  const verdict = comparison.verdict === 'better' || comparison.verdict === 'worse' ? ` (${comparison.verdict})` : '';
  const before = `vs ${formatFigure(comparison.figure, comparison.previous)} the period before`;
  return (
    <span className={`${styles.deltaBadge} ${verdictClass(comparison.verdict)}`} title={`${formatChange(comparison)}${verdict} ${before}`}>
      <span className={delta.change}>
        <span aria-hidden="true">{ARROWS[comparison.direction]}</span>
        {comparison.change === 0 ? '' : ` ${formatChange(comparison)}`}
      </span>
      <VisuallyHidden>
        {comparison.change === 0 ? 'no change' : ''}
        {verdict} {before}
      </VisuallyHidden>
    </span>
  );
}
