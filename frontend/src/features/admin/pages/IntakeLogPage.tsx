import { INTAKE_DOORS, INTAKE_OUTCOMES, type IntakeOutcome } from '@newsdesk/shared';
import { Link } from 'react-router';
import { describeError } from '../../../api/client';
import { intakeRawUrl } from '../../../api/admin';
import { formatDateTime } from '../../../components/RelativeTime';
import { useSession } from '../../auth/hooks/useSession';
import { useIntakeLog, useReprocessIntakeMessage } from '../hooks/useMailAdmin';
import { LoadMore } from '../../../components/LoadMore';
import { SenderAuthBadge } from '../../../components/SenderAuthBadge';
import { FilterBar } from '../../../components/FilterBar';
import { SelectField } from '../../../components/SelectField';
import { useFilterParam } from '../../../hooks/useFilterParam';
import { Notice } from '../../../components/Notice';
import { Badge } from '../../../components/Badge';
import { CellMain, CellSub, QueryTable, TableRow } from '../../../components/DataTable';
import { Button } from '../../../components/Button';
import styles from './IntakeLogPage.module.css';

function outcomeLabel(outcome: IntakeOutcome): string {
  return outcome === 'quarantined' ? 'Quarantined' : outcome.replace('_', ' ');
}

/** Every message that came in, what became of it; quarantined ones can be reprocessed. */
export function IntakeLogPage() {
  const [outcome, setOutcome] = useFilterParam('outcome', INTAKE_OUTCOMES);
  const [door, setDoor] = useFilterParam('door', INTAKE_DOORS);
  const log = useIntakeLog({ outcome, door });
  const reprocess = useReprocessIntakeMessage();
  const isAdmin = useSession().data?.user.role === 'admin';
  const messages = log.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <title>Intake log · Newsdesk</title>
      <h1>Intake log</h1>
      <FilterBar label="Filter the intake log">
        <SelectField label="Outcome" value={outcome} values={INTAKE_OUTCOMES} emptyLabel="Any outcome" optionLabel={outcomeLabel} onChange={setOutcome} />
        <SelectField label="Door" value={door} values={INTAKE_DOORS} emptyLabel="Any door" optionLabel={(value) => value.toUpperCase()} onChange={setDoor} />
      </FilterBar>
      {reprocess.isError && (
        <Notice tone="error" role="alert">
          Reprocessing failed: {describeError(reprocess.error)}
        </Notice>
      )}
      {reprocess.isSuccess && (
        <Notice role="status">
          Reprocessed: {reprocess.data.outcome.replace('_', ' ')}
          {reprocess.data.reference ? ` (${reprocess.data.reference})` : ''}.
        </Notice>
      )}
      <QueryTable
        query={log}
        rows={messages.length}
        loading="Loading the intake log…"
        failed="The intake log could not load."
        empty="No messages."
        caption="Received messages"
        headers={['Received', 'Door', 'From / subject', 'Outcome', 'Inquiry', 'Actions']}
      >
        {messages.map((message) => (
          <TableRow key={message.id} alert={message.outcome === 'quarantined'}>
            <td>{formatDateTime(message.receivedAt)}</td>
            <td>{message.door.toUpperCase()}</td>
            <th scope="row">
              <CellMain>{message.subject ?? '(no subject)'}</CellMain>
              <CellSub>
                {message.from ?? 'unknown sender'} {message.senderAuth && <SenderAuthBadge senderAuth={message.senderAuth} />}
              </CellSub>
            </th>
            <td>
              <Badge className={styles[`outcome--${message.outcome}`]}>{message.outcome.replace('_', ' ')}</Badge>
              {(message.reason || message.error) && <CellSub>{message.error ?? message.reason}</CellSub>}
            </td>
            <td>{message.ticket ? <Link to={`/tickets/${message.ticket.reference}`}>{message.ticket.reference}</Link> : '—'}</td>
            <td className={styles.actionsCell}>
              {isAdmin && (
                <>
                  <a href={intakeRawUrl(message.id)} download>
                    Raw
                  </a>
                  {message.outcome === 'quarantined' && (
                    <Button
                      type="button"
                      disabled={reprocess.isPending}
                      onClick={() => reprocess.mutate(message.id)}
                      aria-label={`Reprocess the message from ${message.from ?? 'unknown sender'}`}
                    >
                      Reprocess
                    </Button>
                  )}
                </>
              )}
            </td>
          </TableRow>
        ))}
      </QueryTable>
      <LoadMore pages={log} />
    </>
  );
}
