import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useSession } from '../hooks/useSession';
import { useEnrolmentRequired } from '../hooks/useTwoFactor';
import { signInPath } from '../next-path';
import { CenteredPage } from '../../../components/Page';

export const TWO_FACTOR_SETUP_PATH = '/two-factor/setup';

/** Renders its child routes for a signed-in user and sends everyone else to sign in. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  const enrolmentRequired = useEnrolmentRequired();

  // The server refuses everything else until the role's required second factor is set up.
  if (session.data && enrolmentRequired && location.pathname !== TWO_FACTOR_SETUP_PATH) return <Navigate to={TWO_FACTOR_SETUP_PATH} replace />;
  // Data first: a failed background refetch must not hide a session we still hold.
  if (session.data) return <Outlet />;
  if (session.data === null) return <Navigate to={signInPath(location)} replace />;
  if (session.isError) {
    return (
      <CenteredPage>
        <ErrorPanel title="Newsdesk could not load." error={session.error} onRetry={() => void session.refetch()} />
      </CenteredPage>
    );
  }
  return (
    <CenteredPage as="p" role="status">
      Checking your session…
    </CenteredPage>
  );
}
