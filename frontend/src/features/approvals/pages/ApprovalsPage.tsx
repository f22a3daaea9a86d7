import { useRef, useState } from 'react';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useMediaQuery } from '../../../hooks/useMediaQuery';
import { NoAccess } from '../../auth/components/RequireRole';
import { useSession } from '../../auth/hooks/useSession';
import { canApprove } from '../can-approve';
import { ApprovalCard } from '../components/ApprovalCard';
import { StatementApprovalCard } from '../components/StatementApprovalCard';
import { usePendingApprovals, useStatementApprovals } from '../hooks/useApprovals';
import { canApproveStatements, waitingForMe } from '../waiting-for-me';
import { Muted } from '../../../components/Muted';
import { EmptyState } from '../../../components/EmptyState';
import { noticeClass } from '../../../components/Notice';
import { visuallyHiddenClass } from '../../../components/VisuallyHidden';
import { CardList } from '../../../components/Card';
import styles from './ApprovalsPage.module.css';

/** Phones get full-width, thumb-sized actions kept in reach at the bottom of each reply. */
export const PHONE_QUERY = '(max-width: 40rem)';

/** Replies held for sign-off and statement drafts, for approvers; made to work one-handed on a phone. */
export function ApprovalsPage() {
  const me = useSession().data?.user;
  const allowed = canApprove(me);
  const approvals = usePendingApprovals(allowed);
  const statementsAllowed = canApproveStatements(me);
  const statements = useStatementApprovals(statementsAllowed, true);
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
  const statementCount = statements.data?.length ?? 0;
  const waiting = waitingForMe(approvals.data, statements.data, me.id).total;

  return (
    <div className={`approval-queue${phone ? ' approval-queue--phone' : ''}`}>
      <title>{waiting ? `Approvals (${waiting}) · Newsdesk` : 'Approvals · Newsdesk'}</title>
      <h1 ref={headingRef} tabIndex={-1}>
        Approvals
      </h1>
      <Muted as="p">Replies held until an approver signs them off, and statement drafts. Nothing reaches the journalist before that.</Muted>
      <p role="status" className={announcement ? noticeClass() : visuallyHiddenClass}>
        {announcement}
      </p>
      {approvals.isPending && <p role="status">Loading replies waiting for approval…</p>}
      {approvals.isError && <ErrorPanel title="The approvals could not load." error={approvals.error} onRetry={() => void approvals.refetch()} />}
      {approvals.isSuccess && count === 0 && <EmptyState>No replies are waiting for approval.</EmptyState>}
      {count > 0 && (
        <CardList className={styles.approvalList} aria-label="Replies waiting for approval">
          {approvals.data?.map((approval) => (
            <li key={approval.id}>
              <ApprovalCard approval={approval} meId={me.id} onDecided={decided} />
            </li>
          ))}
        </CardList>
      )}
      {statementsAllowed && (
        <section aria-labelledby="statement-approvals-heading" className={styles.approvalStatements}>
          <h2 id="statement-approvals-heading">Statements waiting for approval</h2>
          {statements.isPending && <p role="status">Loading statements waiting for approval…</p>}
          {statements.isError && <ErrorPanel title="The statements could not load." error={statements.error} onRetry={() => void statements.refetch()} />}
          {statements.isSuccess && statementCount === 0 && <EmptyState>No statement drafts are waiting for approval.</EmptyState>}
          {statementCount > 0 && (
            <CardList className={styles.approvalList} aria-label="Statements waiting for approval">
              {statements.data?.map((statement) => (
                <li key={statement.versionId}>
                  <StatementApprovalCard statement={statement} meId={me.id} onDecided={decided} />
                </li>
              ))}
            </CardList>
          )}
        </section>
      )}
    </div>
  );
}
