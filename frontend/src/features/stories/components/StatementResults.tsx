import type { StatementSendResult, StatementSendResultDto, StoryTicketDto } from '@newsdesk/shared';
import { useEffect, useId, useRef } from 'react';
import { Link } from 'react-router';
import { STATEMENT_RESULT_LABELS } from '../story-labels';
import { Notice } from '../../../components/Notice';
import { Badge, type BadgeTone } from '../../../components/Badge';
import { Card } from '../../../components/Card';
import { DataTable, TableRow } from '../../../components/DataTable';
import styles from './StatementResults.module.css';

const RESULT_TONES: Record<StatementSendResult, BadgeTone> = { queued: 'success', awaiting_approval: 'warning', skipped: 'muted', failed: 'danger' };

interface StatementResultsProps {
  result: StatementSendResultDto;
  /** What was sent, for the heading. */
  title: string;
  /** The story's tickets, to name each journalist. */
  tickets: StoryTicketDto[];
}

/** Each ticket's own outcome of "send to all": every journalist gets a separate, threaded reply. */
export function StatementResults({ result, title, tickets }: StatementResultsProps) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
  const counts = [
    `${result.queued} sent to the outbox`,
    result.awaitingApproval ? `${result.awaitingApproval} awaiting approval` : null,
    result.skipped ? `${result.skipped} skipped` : null,
    result.failed ? `${result.failed} failed` : null,
  ].filter(Boolean);

  useEffect(() => {
    headingRef.current?.focus();
  }, [result]);

  return (
    <Card className={styles.statementResults} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        Sent “{title}”{result.version ? `, version ${result.version}` : ''}
      </h3>
      <p role="status">{counts.join(', ')}.</p>
      {result.stale && <Notice tone="warning">This statement is past its review date: sent, but due a review.</Notice>}
      <DataTable caption="Result for each inquiry" headers={['Inquiry', 'Journalist', 'Result', 'Details']}>
        {result.results.map((row) => {
          const ticket = byId.get(row.ticketId);
          return (
            <TableRow key={row.ticketId} alert={row.result === 'failed'}>
              <th scope="row">
                <Link to={`/tickets/${row.reference}`}>{row.reference}</Link>
              </th>
              <td>{ticket?.journalist?.name ?? ticket?.journalist?.email ?? '—'}</td>
              <td>
                <Badge tone={RESULT_TONES[row.result]}>{STATEMENT_RESULT_LABELS[row.result]}</Badge>
              </td>
              <td>{row.reason ?? ''}</td>
            </TableRow>
          );
        })}
      </DataTable>
    </Card>
  );
}
