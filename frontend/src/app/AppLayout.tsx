import { Link, NavLink, Outlet } from 'react-router';
import { describeError } from '../api/client';
import { useSession } from '../features/auth/hooks/useSession';
import { useSignOut } from '../features/auth/hooks/useSignOut';
import { adminSectionsFor } from '../features/admin/admin-sections';
import { hasRole } from '../features/auth/components/RequireRole';
import { canApprove } from '../features/approvals/can-approve';
import { ApprovalNotices } from '../features/approvals/components/ApprovalNotices';
import { usePendingApprovals, useStatementApprovals } from '../features/approvals/hooks/useApprovals';
import { canApproveStatements, waitingForMe } from '../features/approvals/waiting-for-me';
import { LiveUpdates } from '../features/realtime/components/LiveUpdates';
import { VisuallyHidden } from '../components/VisuallyHidden';
import { Page } from '../components/Page';
import { Button } from '../components/Button';
import styles from './AppLayout.module.css';

/** The signed-in shell: top bar, main navigation, live updates and the current page. */
export function AppLayout() {
  const { data: session } = useSession();
  const signOut = useSignOut();
  const adminSections = adminSectionsFor(session?.user.role);
  const approver = canApprove(session?.user);

  return (
    <div className="app-shell">
      <a className={styles.skipLink} href="#main">
        Skip to content
      </a>
      <header className={styles.topBar}>
        <Link to="/" className={styles.topBarBrand}>
          Newsdesk
        </Link>
        <nav aria-label="Main" className={styles.topBarNav}>
          <NavLink to="/" end>
            Queue
          </NavLink>
          <NavLink to="/stories">Stories</NavLink>
          <NavLink to="/statements">Statements</NavLink>
          {approver && <ApprovalsLink />}
          <NavLink to="/contacts/journalists">Contacts</NavLink>
          {hasRole(session?.user.role, ['admin', 'manager']) && <NavLink to="/metrics">Metrics</NavLink>}
          {adminSections.length > 0 && <NavLink to="/admin">Admin</NavLink>}
        </nav>
        <div className={styles.topBarAccount}>
          <LiveUpdates />
          <NavLink to="/profile" className={styles.topBarUser}>
            {session?.user.name}
          </NavLink>
          <Button variant="quiet" className={styles.topBarButton} type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </Button>
        </div>
        {signOut.isError && (
          <p role="alert" className={styles.topBarError}>
            Sign-out failed: {describeError(signOut.error)}
          </p>
        )}
      </header>
      <Page id="main" tabIndex={-1}>
        <Outlet />
      </Page>
      {session && <ApprovalNotices me={session.user} />}
    </div>
  );
}

/** Approvals, with how many replies and statements wait for me (not my own): approvers are who holds the desk up. */
function ApprovalsLink() {
  const me = useSession().data?.user;
  const replies = usePendingApprovals().data;
  const statements = useStatementApprovals(canApproveStatements(me)).data;
  const pending = waitingForMe(replies, statements, me?.id).total;
  return (
    <NavLink to="/approvals">
      Approvals
      {pending > 0 && (
        <span className={styles.navCount}>
          <VisuallyHidden>, waiting for you:</VisuallyHidden> {pending}
        </span>
      )}
    </NavLink>
  );
}
