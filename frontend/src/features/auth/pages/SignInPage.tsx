import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isSecondFactorChallenge } from '../../../api/auth';
import { readText } from '../../../components/form-values';
import { TextField } from '../../../components/TextField';
import { SecondFactorForm } from '../components/SecondFactorForm';
import { useSetupStatus } from '../hooks/useSetupStatus';
import { useSignIn } from '../hooks/useSignIn';
import { safeNextPath } from '../next-path';
import { AuthAside, AuthPanel } from '../components/AuthPanel';
import { FormError } from '../../../components/FormError';
import { Notice } from '../../../components/Notice';
import { Form } from '../../../components/Form';
import { Button } from '../../../components/Button';

export function SignInPage() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSignIn();
  // Public and boolean only: whether any account exists yet.
  const setupNeeded = useSetupStatus().data?.needed === true;
  const next = safeNextPath(searchParams.get('next'));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate(
      { email: readText(form, 'email'), password: readText(form, 'password') },
      { onSuccess: (answer) => void (isSecondFactorChallenge(answer) || navigate(next, { replace: true })) },
    );
  }

  if (signIn.data && isSecondFactorChallenge(signIn.data)) {
    return (
      <AuthPanel title="Sign in">
        <SecondFactorForm challenge={signIn.data.challenge} onSignedIn={() => void navigate(next, { replace: true })} onRestart={() => signIn.reset()} />
      </AuthPanel>
    );
  }

  return (
    <AuthPanel title="Sign in">
      <h1>Sign in</h1>
      {setupNeeded && (
        <Notice as="div" role="note" aria-label="First run">
          <p>
            <strong>Newsdesk has no accounts yet.</strong> The server printed a one-time setup link when it started: look in
            the terminal running <code>npm start</code>, or in <code>docker compose logs app</code>. Open that link to create
            the first admin account.
          </p>
        </Notice>
      )}
      <FormError error={signIn.error} />
      <Form onSubmit={handleSubmit}>
        <TextField label="Email" name="email" type="email" autoComplete="username" required />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button variant="primary" type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
      </Form>
      <AuthAside>
        <Link to="/forgot-password">Forgot password?</Link>
      </AuthAside>
    </AuthPanel>
  );
}
