import { METRIC_GRANULARITIES, type MetricSeriesPointDto } from '@newsdesk/shared';
import { useId } from 'react';
import { metricsCsvUrl } from '../../../api/metrics';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useMetricsSeries } from '../hooks/useMetricsSeries';
import { METRIC_LABELS, TREND_METRICS, type MetricsView } from '../metrics-params';
import { MetricsSection } from './MetricsSection';
import { TrendChart } from './TrendChart';
import { PageHeader } from '../../../components/Page';
import { InlineForm } from '../../../components/Form';
import { Field } from '../../../components/Field';
import { Button } from '../../../components/Button';

interface TrendSectionProps {
  view: MetricsView;
  onChange: (next: MetricsView) => void;
  /** A bar was chosen: show the tickets behind it. */
  onSelectBucket: (point: MetricSeriesPointDto) => void;
}

/** One metric over time, per day, week or month, with its CSV. */
export function TrendSection({ view, onChange: change, onSelectBucket }: TrendSectionProps) {
  const id = useId();
  const series = useMetricsSeries({ ...view.query, metric: view.trend, granularity: view.granularity });
  return (
        <MetricsSection labelledBy={`${id}-trend`}>
          <PageHeader>
            <h2 id={`${id}-trend`}>Trend</h2>
            <InlineForm as="div">
              <Field>
                <label htmlFor={`${id}-metric`}>Metric</label>
                <select id={`${id}-metric`} value={view.trend} onChange={(event) => change({ ...view, trend: TREND_METRICS.find((m) => m === event.currentTarget.value) ?? 'received' })}>
                  {TREND_METRICS.map((metric) => (
                    <option key={metric} value={metric}>
                      {METRIC_LABELS[metric]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field>
                <label htmlFor={`${id}-granularity`}>Per</label>
                <select
                  id={`${id}-granularity`}
                  value={view.granularity}
                  onChange={(event) => change({ ...view, granularity: METRIC_GRANULARITIES.find((g) => g === event.currentTarget.value) ?? 'week' })}
                >
                  {METRIC_GRANULARITIES.map((granularity) => (
                    <option key={granularity} value={granularity}>
                      {granularity}
                    </option>
                  ))}
                </select>
              </Field>
              <Button as="a" variant="quiet" href={metricsCsvUrl('series', { ...view.query, metric: view.trend, granularity: view.granularity })} download>
                CSV
              </Button>
            </InlineForm>
          </PageHeader>
          {series.isError && <ErrorPanel title="The trend could not load." error={series.error} onRetry={() => void series.refetch()} />}
          {series.data && <TrendChart series={series.data} onSelect={onSelectBucket} />}
        </MetricsSection>
  );
}
