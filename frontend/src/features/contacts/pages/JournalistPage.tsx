import { Link, useParams } from 'react-router';
import type { JournalistDetailDto } from '@newsdesk/shared';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useSession } from '../../auth/hooks/useSession';
import { hasRole } from '../../auth/components/RequireRole';
import { ContactsNav } from '../components/ContactsNav';
import { JournalistForm } from '../components/JournalistForm';
import { MergeJournalist } from '../components/MergeJournalist';
import { PersonalData } from '../components/PersonalData';
import { TicketHistory } from '../components/TicketHistory';
import { useJournalist } from '../hooks/useJournalist';
import { Muted } from '../../../components/Muted';
import { TwoColumns } from '../../../components/TwoColumns';
import { Card } from '../../../components/Card';

export function JournalistPage() {
  const { journalistId = '' } = useParams();
  const journalist = useJournalist(journalistId);
  const role = useSession().data?.user.role;

  return (
    <>
      <ContactsNav />
      {journalist.isPending && <p role="status">Loading…</p>}
      {journalist.isError && <ErrorPanel title="This journalist could not load." error={journalist.error} onRetry={() => void journalist.refetch()} />}
      {journalist.data && (
        <>
          <title>{`${journalist.data.name ?? journalist.data.email ?? 'Journalist'} · Newsdesk`}</title>
          <h1>{journalist.data.name ?? journalist.data.email ?? 'Unnamed journalist'}</h1>
          <Muted as="p">
            {journalist.data.email}
            {journalist.data.outlet && (
              <>
                {' · '}
                <Link to={`/contacts/outlets/${journalist.data.outlet.id}`}>{journalist.data.outlet.name}</Link>
              </>
            )}
          </Muted>
          <TwoColumns>
            <JournalistForm key={recordKey(journalist.data)} journalist={journalist.data} />
            <Card aria-labelledby="journalist-history">
              <h2 id="journalist-history">Inquiries</h2>
              <TicketHistory tickets={journalist.data.inquiries} />
            </Card>
          </TwoColumns>
          {hasRole(role, ['admin', 'manager']) && <MergeJournalist key={recordKey(journalist.data)} journalist={journalist.data} />}
          {hasRole(role, ['admin']) && <PersonalData journalist={journalist.data} />}
        </>
      )}
    </>
  );
}

/**
 * Drafts are seeded from the record and start over when it changes. Keyed on the fields too, not
 * only `updatedAt`: an erasure blanks the record without touching it.
 */
function recordKey(journalist: JournalistDetailDto): string {
  const { updatedAt, name, email, phone, beat, notes, outlet, preferredContact, relationshipOwner } = journalist;
  return JSON.stringify([updatedAt, name, email, phone, beat, notes, outlet?.id, preferredContact, relationshipOwner?.id]);
}
