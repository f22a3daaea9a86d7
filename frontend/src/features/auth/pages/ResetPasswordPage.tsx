import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, describeError } from '../../../api/client';
import { readText } from '../../../components/form-values';
import { TextField } from '../../../components/TextField';
import { useCompletePasswordReset } from '../hooks/usePasswordReset';
import { NewPasswordField } from '../../../components/NewPasswordField';
import { AuthAside, AuthPanel } from '../components/AuthPanel';
import { Notice } from '../../../components/Notice';
import { Form } from '../../../components/Form';
import { Button } from '../../../components/Button';

/** The token rides in the link's fragment (`#token=…`), which browsers never send to a server. */
function tokenFrom(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

/** The page the emailed link opens: a new password under the same policy as everywhere; it does not sign in. */
export function ResetPasswordPage() {
  const { hash, pathname } = useLocation();
  const navigate = useNavigate();
  // Read once, then taken out of the address bar, so the link is not left in the history or on screen.
  const [token] = useState(() => tokenFrom(hash));
  useEffect(() => {
    if (hash) void navigate(pathname, { replace: true });
  }, [hash, pathname, navigate]);
  const reset = useCompletePasswordReset();
  const [mismatch, setMismatch] = useState(false);
  const passwordErrors = reset.error instanceof ApiError ? reset.error.fieldMessages('password') : [];

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = readText(form, 'password');
    const same = password === readText(form, 'confirmation');
    setMismatch(!same);
    if (same) reset.mutate({ token, password });
  }

  return (
    <AuthPanel title="Choose a new password">
      <h1>Choose a new password</h1>
      {!token ? (
        <Notice tone="error" role="alert">
          This page needs the link from the password reset mail. <Link to="/forgot-password">Ask for a new link</Link>.
        </Notice>
      ) : reset.isSuccess ? (
        <Notice as="div" role="status">
          <p>Your password is changed, and you are signed out everywhere.</p>
          <p>If you use two-factor sign-in, you will still be asked for your code.</p>
          <AuthAside>
            <Link to="/signin">Sign in with the new password</Link>
          </AuthAside>
        </Notice>
      ) : (
        <>
          {reset.isError && passwordErrors.length === 0 && (
            <Notice tone="error" role="alert">
              {describeError(reset.error)} <Link to="/forgot-password">Ask for a new link</Link>
            </Notice>
          )}
          <Form onSubmit={handleSubmit}>
            <NewPasswordField errors={passwordErrors} />
            <TextField
              label="New password again"
              name="confirmation"
              type="password"
              autoComplete="new-password"
              required
              errors={mismatch ? ['The two passwords are not the same.'] : []}
            />
            <Button variant="primary" type="submit" disabled={reset.isPending}>
              {reset.isPending ? 'Saving…' : 'Set new password'}
            </Button>
          </Form>
        </>
      )}
    </AuthPanel>
  );
}
