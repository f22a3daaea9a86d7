import type { MetricGroup, MetricGroupValuesDto, MetricName, MetricsQueryParams } from '@newsdesk/shared';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useMetricsComparison } from '../hooks/useMetricsComparison';
import { useMetricsSummary } from '../hooks/useMetricsSummary';
import { BreakdownTable } from './BreakdownTable';
import { MetricsSection } from './MetricsSection';

/** The figures by officer, outlet or topic, each compared with the period before. */
export function MetricsBreakdown({
  query,
  groupBy,
  title,
  onShowTickets,
}: {
  query: MetricsQueryParams;
  groupBy: MetricGroup;
  title: string;
  onShowTickets: (group: MetricGroupValuesDto, metric: MetricName) => void;
}) {
  const breakdown = useMetricsSummary({ ...query, groupBy });
  const comparison = useMetricsComparison({ ...query, groupBy });
  const byGroup = comparison.data ? new Map(comparison.data.groups.map((group) => [group.key ?? '', group.figures])) : undefined;
  return (
    <MetricsSection>
      {breakdown.isError && <ErrorPanel title={`${title} could not load.`} error={breakdown.error} onRetry={() => void breakdown.refetch()} />}
      {breakdown.data && <BreakdownTable title={title} groups={breakdown.data.groups} onShowTickets={onShowTickets} comparison={byGroup} />}
    </MetricsSection>
  );
}
