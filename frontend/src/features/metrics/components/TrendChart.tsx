import type { MetricSeriesPointDto, MetricsSeriesDto } from '@newsdesk/shared';
import { useId, useState } from 'react';
import { formatCount, formatDay, formatDuration, formatRate, METRIC_LABELS } from '../metrics-params';
import { EmptyState } from '../../../components/EmptyState';
import { visuallyHiddenClass } from '../../../components/VisuallyHidden';
import { Button } from '../../../components/Button';
import styles from './TrendChart.module.css';

interface TrendChartProps {
  series: MetricsSeriesDto;
  onSelect: (point: MetricSeriesPointDto) => void;
  /** Names for a second chart on the page, so its controls are not mistaken for the first's. */
  labels?: { chart: string; tableToggle: string };
  /** A low chart (a second one on the page). */
  short?: boolean;
}

const WIDTH = 720;
const HEIGHT = 200;
const GAP = 2;

export function formatSeriesValue(series: Pick<MetricsSeriesDto, 'unit'>, value: number | null): string {
  if (series.unit === 'seconds') return formatDuration(value);
  if (series.unit === 'ratio') return formatRate(value);
  return value === null ? '—' : formatCount(value);
}

/** Bars drawn as SVG attributes (the CSP allows no inline styles); each bar opens its tickets. */
export function TrendChart({ series, onSelect, short = false, labels = { chart: 'Trend; choose a bar to see its tickets', tableToggle: 'Show as table' } }: TrendChartProps) {
  const id = useId();
  const [asTable, setAsTable] = useState(false);
  const points = series.points;
  const max = Math.max(...points.map((point) => point.value ?? 0), series.unit === 'ratio' ? 1 : 0);
  const barWidth = points.length ? WIDTH / points.length : WIDTH;
  const describe = (point: MetricSeriesPointDto) =>
    `${series.granularity === 'day' ? '' : `${series.granularity === 'week' ? 'Week' : 'Month'} from `}${formatDay(point.period)}: ${formatSeriesValue(series, point.value)}`;
  if (!points.length) return <EmptyState>Nothing to chart in this range.</EmptyState>;
  return (
    <figure className={styles.trendChart}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" className={short ? `${styles.svg} ${styles.short}` : styles.svg} role="group" aria-label={labels.chart}>
        {points.map((point, index) => {
          const height = max > 0 && point.value ? Math.max(1, (point.value / max) * (HEIGHT - 4)) : 0;
          return (
            <g
              key={point.period}
              role="button"
              tabIndex={0}
              aria-label={describe(point)}
              className={styles.trendChartBar}
              onClick={() => onSelect(point)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onSelect(point);
                }
              }}
            >
              <title>{describe(point)}</title>
              <rect x={index * barWidth + GAP / 2} y={0} width={Math.max(1, barWidth - GAP)} height={HEIGHT} className={styles.trendChartHit} />
              <rect x={index * barWidth + GAP / 2} y={HEIGHT - height} width={Math.max(1, barWidth - GAP)} height={height} className={styles.trendChartValue} />
            </g>
          );
        })}
      </svg>
      <figcaption className={styles.trendChartAxis}>
        <span>{formatDay(points[0].period)}</span>
        <span>max {formatSeriesValue(series, max)}</span>
        <span>{formatDay(points[points.length - 1].period)}</span>
      </figcaption>
      <Button variant="quiet" type="button" aria-pressed={asTable} aria-controls={`${id}-table`} onClick={() => setAsTable(!asTable)}>
        {labels.tableToggle}
      </Button>
      {/* Screen readers always have the numbers as a table; sighted people show it on demand. */}
      <table id={`${id}-table`} className={asTable ? styles.trendChartTable : visuallyHiddenClass}>
        <caption>
          {METRIC_LABELS[series.metric]} per {series.granularity}
        </caption>
        <thead>
          <tr>
            <th scope="col">{series.granularity === 'day' ? 'Day' : series.granularity === 'week' ? 'Week from' : 'Month from'}</th>
            <th scope="col">{METRIC_LABELS[series.metric]}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={point.period}>
              <th scope="row">{formatDay(point.period)}</th>
              <td>{formatSeriesValue(series, point.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
