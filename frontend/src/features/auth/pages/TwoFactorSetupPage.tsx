import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { TwoFactorEnrolment } from '../components/TwoFactorEnrolment';
import { useSignOut } from '../hooks/useSignOut';
import { AuthPanel } from '../components/AuthPanel';
import { Button } from '../../../components/Button';

/** Where a session lands when its role must use two-factor sign-in and has none yet: the server refuses everything else. */
export function TwoFactorSetupPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useSignOut();

  function handleDone() {
    // Queries that failed with "set up first" load again now.
    void queryClient.invalidateQueries();
    void navigate('/', { replace: true });
  }

  return (
    <AuthPanel title="Set up two-factor sign-in">
      <h1>Set up two-factor sign-in</h1>
      <p>Your role must sign in with a code from an authenticator app as well as your password. Set it up to continue.</p>
      <TwoFactorEnrolment onDone={handleDone} />
      <p>
        <Button variant="link" type="button" onClick={() => signOut.mutate()}>
          Sign out
        </Button>
      </p>
    </AuthPanel>
  );
}
