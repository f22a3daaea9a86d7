import { COMPARED_FIGURES, FIGURE_GOOD_DIRECTION, type ComparedFigure, type FigureComparisonDto, type MetricValuesDto } from '@newsdesk/shared';
import { addDays, daysBetween } from './local-dates.js';

/** The period just before [from, to] with as many days: the week before a week, the day before a day. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const days = daysBetween(from, to) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

/** A figure's value in a summary's totals; null when there is nothing to measure. */
export function figureValue(figure: ComparedFigure, values: MetricValuesDto): number | null {
  switch (figure) {
    case 'received':
      return values.received;
    case 'assigned':
      return values.assigned;
    case 'firstResponseMedian':
      return values.firstResponseTime.medianSeconds;
    case 'deadlineHitRate':
      return values.deadlines.hitRate;
    case 'deadlinesMissed':
      return values.deadlines.missed;
    case 'resolutionMedian':
      return values.resolutionTime.medianSeconds;
    case 'acknowledgeMedian':
      return values.timeToAcknowledge.medianSeconds;
    case 'reopens':
      return values.reopens;
    case 'backlog':
      return values.backlog;
    case 'noDeadline':
      return values.deadlines.noDeadline;
  }
}

/** Every compared figure now against before, with the direction of the change and whether it is good news. */
export function compareValues(current: MetricValuesDto, previous: MetricValuesDto): FigureComparisonDto[] {
  return COMPARED_FIGURES.map((figure) => compareFigure(figure, figureValue(figure, current), figureValue(figure, previous)));
}

export function compareFigure(figure: ComparedFigure, current: number | null, previous: number | null): FigureComparisonDto {
  if (current === null || previous === null) return { figure, current, previous, change: null, direction: null, verdict: null };
  // Rates compare to a tenth of a percentage point, so float noise is no change.
  const change = figure === 'deadlineHitRate' ? Math.round((current - previous) * 1000) / 1000 || 0 : current - previous;
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'same';
  const good = FIGURE_GOOD_DIRECTION[figure];
  const verdict = direction === 'same' ? 'same' : good === 'neutral' ? 'neutral' : direction === good ? 'better' : 'worse';
  return { figure, current, previous, change, direction, verdict };
}
