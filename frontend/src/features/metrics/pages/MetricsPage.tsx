import type { MetricGroup, MetricGroupValuesDto, MetricName, MetricSeriesPointDto, MetricsQueryParams } from '@newsdesk/shared';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { metricsCsvUrl } from '../../../api/metrics';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { DeadlineMissesPanel, type MissesShown } from '../components/DeadlineMissesPanel';
import { DigestSettings } from '../components/DigestSettings';
import { HeadlineCards } from '../components/HeadlineCards';
import { MetricsFilters } from '../components/MetricsFilters';
import { MetricTicketsPanel, type TicketsBehind } from '../components/MetricTicketsPanel';
import { HitRateTrend } from '../components/HitRateTrend';
import { MetricsBreakdown } from '../components/MetricsBreakdown';
import { TrendSection } from '../components/TrendSection';
import { useMetricsComparison } from '../hooks/useMetricsComparison';
import { TargetOutcomesSection } from '../../targets/components/TargetOutcomesSection';
import { useMetricsOptions } from '../hooks/useMetricsOptions';
import { useMetricsSummary } from '../hooks/useMetricsSummary';
import { bucketEnd, formatDay, METRIC_LABELS, readMetricsView, toMetricsSearchParams, type MetricsView } from '../metrics-params';
import { Muted } from '../../../components/Muted';
import { PageHeader } from '../../../components/Page';
import { Button, ButtonRow } from '../../../components/Button';

const BREAKDOWNS: { groupBy: Extract<MetricGroup, 'officer' | 'outlet' | 'topic'>; title: string }[] = [
  { groupBy: 'officer', title: 'By officer' },
  { groupBy: 'outlet', title: 'By outlet' },
  { groupBy: 'topic', title: 'By topic' },
];

/** The group of a breakdown row as a filter (`none` for "no officer / outlet / topic"). */
function groupFilter(groupBy: MetricGroup, group: MetricGroupValuesDto): Partial<MetricsQueryParams> {
  const key = group.key ?? 'none';
  return groupBy === 'officer' ? { officer: key } : groupBy === 'outlet' ? { outlet: key } : { topic: key };
}

/** Managers' metrics: headline numbers, a trend, breakdowns, and the tickets behind every number. */
export function MetricsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const view = readMetricsView(searchParams);
  const [behind, setBehind] = useState<TicketsBehind | null>(null);
  const [misses, setMisses] = useState<MissesShown | null>(null);
  const comparison = useMetricsComparison(view.query);
  const options = useMetricsOptions();
  const summary = useMetricsSummary(view.query);
  const range = summary.data ? { from: summary.data.from, to: summary.data.to } : undefined;
  const rangeText = range ? `${formatDay(range.from)} to ${formatDay(range.to)} (${summary.data?.timeZone})` : '';

  const change = (next: MetricsView) => {
    setBehind(null);
    setMisses(null);
    setSearchParams(toMetricsSearchParams(next));
  };
  const showMisses = (extra: Partial<MetricsQueryParams> = {}, context = rangeText) => setMisses({ title: `Deadlines missed · ${context}`, query: { ...view.query, ...range, ...extra } });
  const showTickets = (metric: MetricName, extra: Partial<MetricsQueryParams> = {}, context = rangeText) =>
    setBehind({ title: `${METRIC_LABELS[metric]} · ${context}`, query: { ...view.query, ...range, ...extra, metric } });
  const showBucket = (point: MetricSeriesPointDto) => {
    if (!range) return;
    const to = bucketEnd(point.period, view.granularity, range.to);
    showTickets(view.trend, { from: point.period, to }, `${formatDay(point.period)} to ${formatDay(to)}`);
  };

  return (
    <>
      <title>Metrics · Newsdesk</title>
      <PageHeader>
        <h1>Metrics</h1>
        <DigestSettings />
      </PageHeader>
      <Muted as="p">
        {rangeText} · definitions in <code>docs/metrics.md</code> · medians and 90th percentiles, never averages.
      </Muted>
      <MetricsFilters view={view} options={options.data} range={range} onChange={change} />

      {summary.isPending && <p role="status">Loading metrics…</p>}
      {summary.isError && <ErrorPanel title="The metrics could not load." error={summary.error} onRetry={() => void summary.refetch()} />}
      {summary.data && (
        <>
          <HeadlineCards values={summary.data.totals} onShowTickets={(metric) => showTickets(metric)} comparison={comparison.data} onShowMisses={() => showMisses()} />
          <ButtonRow as="p">
            <Button as="a" variant="quiet" href={metricsCsvUrl('summary', view.query)} download>
              Download summary (CSV)
            </Button>
            <Button as="a" variant="quiet" href={metricsCsvUrl('summary', { ...view.query, groupBy: 'officer' })} download>
              Download by officer (CSV)
            </Button>
          </ButtonRow>
        </>
      )}

      {behind && <MetricTicketsPanel behind={behind} onClose={() => setBehind(null)} />}
      {misses && <DeadlineMissesPanel shown={misses} onClose={() => setMisses(null)} />}

      <TrendSection view={view} onChange={change} onSelectBucket={showBucket} />

      {range && <HitRateTrend query={view.query} to={range.to} onSelectMonth={(from, to) => showMisses({ from, to }, `${formatDay(from)} to ${formatDay(to)}`)} />}

      {BREAKDOWNS.map(({ groupBy, title }) => (
        <MetricsBreakdown key={groupBy} query={view.query} groupBy={groupBy} title={title} onShowTickets={(group, metric) => showTickets(metric, groupFilter(groupBy, group), `${group.label} · ${rangeText}`)} />
      ))}

      <TargetOutcomesSection query={view.query} />
    </>
  );
}
