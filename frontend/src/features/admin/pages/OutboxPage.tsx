import { DELIVERY_STATUSES, OUTBOUND_KINDS, type OutboxItemDto } from '@newsdesk/shared';
import { Link } from 'react-router';
import { outboxEmlUrl } from '../../../api/admin';
import { formatDateTime } from '../../../components/RelativeTime';
import { useSession } from '../../auth/hooks/useSession';
import { SendTestMail } from '../components/SendTestMail';
import { useOutbox } from '../hooks/useMailAdmin';
import { LoadMore } from '../../../components/LoadMore';
import { FilterBar } from '../../../components/FilterBar';
import { SelectField } from '../../../components/SelectField';
import { useFilterParam } from '../../../hooks/useFilterParam';
import { Notice } from '../../../components/Notice';
import { CellMain, CellSub, QueryTable, TableRow } from '../../../components/DataTable';
import { DeliveryState } from '../../../components/DeliveryState';
import styles from './OutboxPage.module.css';

/** "delivered" only when a mail server accepted the mail; the outbox folder is not a delivery. */
function outboxDeliveryLabel(mail: OutboxItemDto): string {
  if (mail.status === 'sent' && mail.via === 'smtp') return 'delivered';
  if (mail.status === 'sent' && mail.via === 'outbox') return 'in the local outbox (no mail server configured)';
  return mail.status;
}

/** Every mail Newsdesk sends, with its delivery state. */
export function OutboxPage() {
  const [status, setStatus] = useFilterParam('status', DELIVERY_STATUSES);
  const [kind, setKind] = useFilterParam('kind', OUTBOUND_KINDS);
  const outbox = useOutbox({ status, kind });
  const isAdmin = useSession().data?.user.role === 'admin';
  const mails = outbox.data?.pages.flatMap((page) => page.items) ?? [];
  const mode = outbox.data?.pages[0]?.mode;

  return (
    <>
      <title>Outbox · Newsdesk</title>
      <h1>Outbox</h1>
      {mode && (
        <Notice tone={mode === 'outbox' ? 'warning' : 'info'}>
          {mode === 'smtp'
            ? 'Mail is sent through the configured SMTP server.'
            : 'No SMTP server is configured: mail is not sent but kept in the outbox folder (a file per day that any mail client opens).'}
        </Notice>
      )}
      <FilterBar label="Filter the outbox">
        <SelectField label="Delivery" value={status} values={DELIVERY_STATUSES} emptyLabel="Any state" onChange={setStatus} />
        <SelectField label="Kind" value={kind} values={OUTBOUND_KINDS} emptyLabel="Any kind" onChange={setKind} />
      </FilterBar>
      <QueryTable
        query={outbox}
        rows={mails.length}
        loading="Loading the outbox…"
        failed="The outbox could not load."
        empty="Nothing sent yet."
        caption="Outgoing mail"
        headers={['Queued', 'Kind', 'To / subject', 'Delivery', 'Inquiry', 'Copy']}
      >
        {mails.map((mail) => (
          <TableRow key={mail.id} alert={mail.status === 'failed'}>
            <td>{formatDateTime(mail.createdAt)}</td>
            <td>{mail.kind}</td>
            <th scope="row">
              <CellMain>{mail.subject}</CellMain>
              <CellSub>
                From {mail.fromName} · to {mail.to.map((address) => address.address).join(', ')}
              </CellSub>
              {mail.text !== null && (
                <details className={styles.outboxMail}>
                  <summary>Read the text</summary>
                  <pre>{mail.text}</pre>
                </details>
              )}
            </th>
            <td>
              <DeliveryState status={mail.status} via={mail.via}>
                {outboxDeliveryLabel(mail)}
              </DeliveryState>
              {mail.attempts > 1 && <CellSub>{mail.attempts} attempts</CellSub>}
              {(mail.lastError || mail.response) && <CellSub>{mail.lastError ?? mail.response}</CellSub>}
            </td>
            <td>{mail.ticket ? <Link to={`/tickets/${mail.ticket.reference}`}>{mail.ticket.reference}</Link> : '—'}</td>
            <td>
              <a href={outboxEmlUrl(mail.id)} download aria-label={`Download ${mail.subject} as .eml`}>
                .eml
              </a>
            </td>
          </TableRow>
        ))}
      </QueryTable>
      <LoadMore pages={outbox} />
      {isAdmin && <SendTestMail />}
    </>
  );
}
