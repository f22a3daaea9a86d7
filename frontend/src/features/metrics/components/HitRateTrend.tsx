import type { MetricSeriesPointDto, MetricsQueryParams } from '@newsdesk/shared';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useMetricsSeries } from '../hooks/useMetricsSeries';
import { shiftDate } from '../metrics-params';
import { TrendChart } from './TrendChart';
import { MetricsSection } from './MetricsSection';

/** First day of the month twelve months before the month of `date`: 13 calendar months in all. */
export function thirteenMonthsFrom(date: string): string {
  const [year, month] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) - 12;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The deadline hit rate month by month over 13 months ending with the range; a month opens its misses. */
export function HitRateTrend({ query, to, onSelectMonth }: { query: MetricsQueryParams; to: string; onSelectMonth: (from: string, to: string) => void }) {
  const from = thirteenMonthsFrom(to);
  const series = useMetricsSeries({ ...query, from, to, metric: 'deadlineHitRate', granularity: 'month' });
  const select = (point: MetricSeriesPointDto) => {
    const [year, month] = point.period.split('-').map(Number);
    const last = shiftDate(month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`, -1);
    onSelectMonth(point.period, last < to ? last : to);
  };
  return (
    <MetricsSection labelledBy="hit-rate-trend-heading">
      <h2 id="hit-rate-trend-heading">Deadlines met, last 13 months</h2>
      {series.isError && <ErrorPanel title="The hit rate trend could not load." error={series.error} onRetry={() => void series.refetch()} />}
      {series.data && <TrendChart short series={series.data} onSelect={select} labels={{ chart: 'Deadlines met per month; choose a month to see its missed deadlines', tableToggle: 'Show the hit rate as a table' }} />}
    </MetricsSection>
  );
}
