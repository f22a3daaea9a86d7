import { useRef, useState } from 'react';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useMediaQuery } from '../../../hooks/useMediaQuery';
import { NoAccess } from '../../auth/components/RequireRole';
import { useSession } from '../../auth/hooks/useSession';
import { canApprove } from '../can-approve';
import { ApprovalCard } from '../components/ApprovalCard';
import { usePendingApprovals } from '../hooks/useApprovals';

/** Phones get full-width, thumb-sized actions kept in reach at the bottom of each reply. */
export const PHONE_QUERY = '(max-width: 40rem)';

/** Replies held for sign-off, for approvers; made to work one-handed on a phone. */
export function ApprovalsPage() {
  const me = useSession().data?.user;
  const allowed = canApprove(me);
  const approvals = usePendingApprovals(allowed);
  const phone = useMediaQuery(PHONE_QUERY);
  const [announcement, setAnnouncement] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);

  if (!me) return null;
  if (!allowed) return <NoAccess />;

  const decided = (message: string) => {
    setAnnouncement(message);
    // The decided reply leaves the list: keep the keyboard where the list starts.
    headingRef.current?.focus();
  };
  const count = approvals.data?.length ?? 0;

  return (
    <div className={`approval-queue${phone ? ' approval-queue--phone' : ''}`}>
      <title>{count ? `Approvals (${count}) · Newsdesk` : 'Approvals · Newsdesk'}</title>
      <h1 ref={headingRef} tabIndex={-1}>
        Approvals
      </h1>
      <p className="muted">Replies held until an approver signs them off. Nothing reaches the journalist before that.</p>
      <p role="status" className={announcement ? 'notice' : 'visually-hidden'}>
        {announcement}
      </p>
      {approvals.isPending && <p role="status">Loading replies waiting for approval…</p>}
      {approvals.isError && <ErrorPanel title="The approvals could not load." error={approvals.error} onRetry={() => void approvals.refetch()} />}
      {approvals.isSuccess && count === 0 && <p className="empty-state">No replies are waiting for approval.</p>}
      {count > 0 && (
        <ul className="card-list approval-list" aria-label="Replies waiting for approval">
          {approvals.data?.map((approval) => (
            <li key={approval.id}>
              <ApprovalCard approval={approval} meId={me.id} onDecided={decided} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
