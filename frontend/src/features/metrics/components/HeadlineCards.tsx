import type { ComparedFigure, MetricName, MetricsComparisonDto, MetricValuesDto } from '@newsdesk/shared';
import { formatCount, formatDuration, formatRate, METRIC_LABELS } from '../metrics-params';
import { PeriodDelta } from './PeriodDelta';
import { Button } from '../../../components/Button';
import styles from './HeadlineCards.module.css';

interface HeadlineCardsProps {
  values: MetricValuesDto;
  onShowTickets: (metric: MetricName) => void;
  /** The same figures for the period before, when loaded. */
  comparison?: MetricsComparisonDto;
  /** Opens the list of missed deadlines. */
  onShowMisses?: () => void;
}

interface Card {
  metric: MetricName;
  value: string;
  detail: string;
}

/** The compared figure each card shows. */
const CARD_FIGURES: Partial<Record<MetricName, ComparedFigure>> = {
  received: 'received',
  firstResponseTime: 'firstResponseMedian',
  deadlineHitRate: 'deadlineHitRate',
  resolutionTime: 'resolutionMedian',
  timeToAcknowledge: 'acknowledgeMedian',
  reopens: 'reopens',
  backlog: 'backlog',
};

export function HeadlineCards({ values, onShowTickets, comparison, onShowMisses }: HeadlineCardsProps) {
  // A figure with nothing to measure in either period has no comparison worth a line.
  const compared = (figure: ComparedFigure | undefined) => comparison?.figures.find((f) => f.figure === figure && (f.current !== null || f.previous !== null));
  const { deadlines } = values;
  const cards: Card[] = [
    { metric: 'received', value: formatCount(values.received), detail: `${formatCount(values.assigned)} assignments` },
    {
      metric: 'firstResponseTime',
      value: formatDuration(values.firstResponseTime.medianSeconds),
      detail: `median; 90% within ${formatDuration(values.firstResponseTime.p90Seconds)} (${formatCount(values.firstResponseTime.count)} answered)`,
    },
    {
      metric: 'deadlineHitRate',
      value: formatRate(deadlines.hitRate),
      detail: `${formatCount(deadlines.met)} met, ${formatCount(deadlines.missed)} missed${deadlines.pending ? `, ${formatCount(deadlines.pending)} pending` : ''}; ${formatCount(deadlines.noDeadline)} without a deadline`,
    },
    {
      metric: 'resolutionTime',
      value: formatDuration(values.resolutionTime.medianSeconds),
      detail: `median; 90% within ${formatDuration(values.resolutionTime.p90Seconds)}; ${formatCount(values.resolutionTime.reopened)} after a reopen`,
    },
    {
      metric: 'timeToAcknowledge',
      value: formatDuration(values.timeToAcknowledge.medianSeconds),
      detail: `median automatic acknowledgement; 90% within ${formatDuration(values.timeToAcknowledge.p90Seconds)}`,
    },
    { metric: 'reopens', value: formatCount(values.reopens), detail: 'journalists writing again after a resolution' },
    { metric: 'backlog', value: formatCount(values.backlog), detail: 'unresolved at the end of the range' },
  ];
  return (
    <ul className={styles.metricCards} aria-label="Headline numbers">
      {cards.map((card) => (
        <li key={card.metric} className={styles.metricCard}>
          <h2 className={styles.metricCardTitle}>{METRIC_LABELS[card.metric]}</h2>
          <p className={styles.metricCardValue}>{card.value}</p>
          {compared(CARD_FIGURES[card.metric]) && <PeriodDelta comparison={compared(CARD_FIGURES[card.metric])!} />}
          <p className={styles.metricCardDetail}>{card.detail}</p>
          {card.metric === 'deadlineHitRate' && onShowMisses && (
            <p>
              <button type="button" className={`button button--link ${styles.metricCardMisses}`} onClick={onShowMisses}>
                {formatCount(deadlines.missed)} missed: who, where, how late
              </button>
            </p>
          )}
          {card.metric === 'deadlineHitRate' && compared('deadlinesMissed') && <PeriodDelta comparison={compared('deadlinesMissed')!} label="Missed" />}
          {card.metric === 'deadlineHitRate' && compared('noDeadline') && <PeriodDelta comparison={compared('noDeadline')!} label="Without a deadline" />}
          {card.metric === 'received' && compared('assigned') && <PeriodDelta comparison={compared('assigned')!} label="Assignments" />}
          <Button variant="link" type="button" onClick={() => onShowTickets(card.metric)} aria-label={`Show tickets behind ${METRIC_LABELS[card.metric]}`}>
            Show tickets
          </Button>
        </li>
      ))}
    </ul>
  );
}
