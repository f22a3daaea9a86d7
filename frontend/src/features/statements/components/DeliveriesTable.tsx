import { Link } from 'react-router';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { formatDateTime } from '../../../components/RelativeTime';
import { useStatementDeliveries } from '../hooks/useStatements';
import { LoadMore } from '../../../components/LoadMore';
import { DataTable } from '../../../components/DataTable';
import { Muted } from '../../../components/Muted';

/** Which version of the statement went to which journalist and outlet, when, and by whom. */
export function DeliveriesTable({ statementId }: { statementId: string }) {
  const deliveries = useStatementDeliveries(statementId);
  const rows = deliveries.data?.pages.flatMap((page) => page.items) ?? [];

  if (deliveries.isPending) return <p role="status">Loading deliveries…</p>;
  if (deliveries.isError) return <ErrorPanel title="Deliveries could not load." error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  if (rows.length === 0) return <Muted as="p">Not sent to anyone yet.</Muted>;
  return (
    <>
      <DataTable caption="Deliveries, newest first" headers={['Sent', 'Inquiry', 'Journalist', 'Outlet', 'Version', 'Story', 'By']}>
        {rows.map((delivery) => (
          <tr key={delivery.id}>
            <td>
              <time dateTime={delivery.createdAt}>{formatDateTime(delivery.createdAt)}</time>
            </td>
            <th scope="row">{delivery.ticket ? <Link to={`/tickets/${delivery.ticket.reference}`}>{delivery.ticket.reference}</Link> : 'Deleted inquiry'}</th>
            <td>{delivery.journalist ? <Link to={`/contacts/journalists/${delivery.journalist.id}`}>{delivery.journalist.name ?? delivery.journalist.email ?? 'Unnamed'}</Link> : '—'}</td>
            <td>{delivery.outlet?.name ?? '—'}</td>
            <td>{delivery.version}</td>
            <td>{delivery.story ? <Link to={`/stories/${delivery.story.id}`}>{delivery.story.title}</Link> : '—'}</td>
            <td>{delivery.sentBy?.name ?? '—'}</td>
          </tr>
        ))}
      </DataTable>
      <LoadMore pages={deliveries} />
    </>
  );
}
