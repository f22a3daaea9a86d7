import { Link, useParams } from 'react-router';
import { Breadcrumb } from '../../../components/Breadcrumb';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { HeaderMeta } from '../../../components/HeaderMeta';
import { hasRole } from '../../auth/components/RequireRole';
import { useSession } from '../../auth/hooks/useSession';
import { CurrentWording } from '../components/CurrentWording';
import { DeliveriesTable } from '../components/DeliveriesTable';
import { NewVersionForm } from '../components/NewVersionForm';
import { RetireStatement } from '../components/RetireStatement';
import { ReviewDate } from '../components/ReviewDate';
import { StatementDetailsForm } from '../components/StatementDetailsForm';
import { StatementStatusBadge } from '../components/StatementStatusBadge';
import { VersionHistory } from '../components/VersionHistory';
import { useStatement } from '../hooks/useStatements';
import { Badge } from '../../../components/Badge';
import { TwoColumns } from '../../../components/TwoColumns';
import { Card } from '../../../components/Card';

/** One statement: the wording in force, a newer one awaiting approval, every version, and where it went. */
export function StatementPage() {
  const { statementId = '' } = useParams();
  const statement = useStatement(statementId);
  const me = useSession().data?.user;
  const governs = hasRole(me?.role, ['admin', 'manager']);

  if (statement.isError) {
    return (
      <>
        <title>Statement · Newsdesk</title>
        <p>
          <Link to="/statements">Back to the library</Link>
        </p>
        <ErrorPanel title="This statement could not load." error={statement.error} onRetry={() => void statement.refetch()} />
      </>
    );
  }
  if (!statement.data || !me) return <p role="status">Loading the statement…</p>;
  const data = statement.data;

  return (
    <>
      <title>{`${data.title} · Statement library · Newsdesk`}</title>
      <Breadcrumb parentTo="/statements" parentLabel="Statement library" current={data.title} />
      <h1>{data.title}</h1>
      <HeaderMeta>
        <StatementStatusBadge status={data.status} />
        {data.topic && <Badge>Topic: {data.topic}</Badge>}
        <span>Owner: {data.owner?.name ?? 'nobody'}</span>
        <ReviewDate statement={data} />
      </HeaderMeta>
      <TwoColumns>
        <div>
          <CurrentWording statement={data} meId={me.id} governs={governs} />
          {data.status !== 'retired' && <NewVersionForm key={data.versions[0]?.id ?? 'none'} statement={data} />}
        </div>
        <div>
          <StatementDetailsForm key={data.updatedAt} statement={data} governs={governs} />
          {governs && data.status !== 'retired' && <RetireStatement statement={data} />}
        </div>
      </TwoColumns>
      <VersionHistory statement={data} />
      <Card aria-labelledby="statement-deliveries">
        <h2 id="statement-deliveries">Sent to</h2>
        <DeliveriesTable statementId={data.id} />
      </Card>
    </>
  );
}
