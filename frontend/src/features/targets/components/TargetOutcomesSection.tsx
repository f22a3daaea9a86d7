import { TARGET_GROUPS, type TargetGroup, type TargetGroupRowDto, type TargetOutcomesParams } from '@newsdesk/shared';
import { useId, useState } from 'react';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { formatCount, formatRate } from '../../metrics/metrics-params';
import { useTargetOutcomes } from '../hooks/useTargetOutcomes';
import { ResponseTargetsEditor } from './ResponseTargetsEditor';
import { TargetBreachesPanel, type BreachesShown } from './TargetBreachesPanel';
import { MetricsSection } from '../../metrics/components/MetricsSection';
import { Muted } from '../../../components/Muted';
import { EmptyState } from '../../../components/EmptyState';
import { PageHeader } from '../../../components/Page';
import { InlineForm } from '../../../components/Form';
import { Field } from '../../../components/Field';
import { TableScroll, dataTableClass } from '../../../components/DataTable';
import { Button } from '../../../components/Button';
import styles from './TargetOutcomesSection.module.css';

const GROUP_LABELS: Record<TargetGroup, string> = { officer: 'By officer', tier: 'By outlet tier', topic: 'By topic' };

interface TargetOutcomesSectionProps {
  /** The metrics page's range and filters; only officer, tier and topic apply to targets. */
  query: { from?: string; to?: string; officer?: string; tier?: string; topic?: string };
}

/** A row of the table as a filter on the breach list (`none` for unassigned, no tier, no topic). */
function rowFilter(groupBy: TargetGroup, row: TargetGroupRowDto): TargetOutcomesParams {
  const key = row.key ?? 'none';
  return groupBy === 'officer' ? { officer: key } : groupBy === 'tier' ? { tier: key as TargetOutcomesParams['tier'] } : { topic: key };
}

/** First-response targets on the metrics page: hits and breaches by officer, tier or topic, and the breaches one click away. */
export function TargetOutcomesSection({ query }: TargetOutcomesSectionProps) {
  const id = useId();
  const [groupBy, setGroupBy] = useState<TargetGroup>('officer');
  const [shown, setShown] = useState<BreachesShown | null>(null);
  const base: TargetOutcomesParams = {
    from: query.from,
    to: query.to,
    officer: query.officer,
    tier: query.tier as TargetOutcomesParams['tier'],
    topic: query.topic,
  };
  const outcomes = useTargetOutcomes({ ...base, groupBy });
  const data = outcomes.data;
  const showBreaches = (title: string, extra: TargetOutcomesParams = {}) => setShown({ title, query: { ...base, ...extra } });

  return (
    <MetricsSection labelledBy={`${id}-heading`} className={styles.targetOutcomes}>
      <PageHeader>
        <h2 id={`${id}-heading`}>First-response targets</h2>
        <InlineForm as="div">
          <Field>
            <label htmlFor={`${id}-group`}>Break down</label>
            <select id={`${id}-group`} value={groupBy} onChange={(event) => setGroupBy(TARGET_GROUPS.find((g) => g === event.currentTarget.value) ?? 'officer')}>
              {TARGET_GROUPS.map((group) => (
                <option key={group} value={group}>
                  {GROUP_LABELS[group].toLowerCase()}
                </option>
              ))}
            </select>
          </Field>
        </InlineForm>
      </PageHeader>
      {outcomes.isPending && <p role="status">Loading targets…</p>}
      {outcomes.isError && <ErrorPanel title="The target figures could not load." error={outcomes.error} onRetry={() => void outcomes.refetch()} />}
      {data && (
        <>
          <p>
            <strong>{formatRate(data.total.hitRate)}</strong> of targets hit · {formatCount(data.total.hits)} hit ·{' '}
            <Button variant="link" type="button" onClick={() => showBreaches(`Missed targets · ${data.from} to ${data.to}`)}>
              {formatCount(data.total.breaches)} missed
            </Button>{' '}
            · {formatCount(data.total.pending)} still running <Muted>(tickets whose target fell due {data.from} to {data.to})</Muted>
          </p>
          {data.rows.length === 0 ? (
            <EmptyState>No target fell due in this range.</EmptyState>
          ) : (
            <TableScroll role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
              <table className={dataTableClass}>
                <caption id={`${id}-caption`}>{GROUP_LABELS[data.groupBy]}</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col" className="number">Hit</th>
                    <th scope="col" className="number">Missed</th>
                    <th scope="col" className="number">Running</th>
                    <th scope="col" className="number">Hit rate</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((row) => (
                    <tr key={row.key ?? 'none'}>
                      <th scope="row">{row.label}</th>
                      <td className="number">{formatCount(row.hits)}</td>
                      <td className="number">
                        {row.breaches > 0 ? (
                          <Button variant="link"
                            type="button"
                            aria-label={`${row.breaches} missed: show the breaches (${row.label})`}
                            onClick={() => showBreaches(`Missed targets · ${row.label} · ${data.from} to ${data.to}`, rowFilter(data.groupBy, row))}
                          >
                            {formatCount(row.breaches)}
                          </Button>
                        ) : (
                          '0'
                        )}
                      </td>
                      <td className="number">{formatCount(row.pending)}</td>
                      <td className="number">{formatRate(row.hitRate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      )}
      {shown && <TargetBreachesPanel shown={shown} onClose={() => setShown(null)} />}
      <ResponseTargetsEditor />
    </MetricsSection>
  );
}
