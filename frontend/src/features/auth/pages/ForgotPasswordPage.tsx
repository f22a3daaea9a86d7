import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { readText } from '../../../components/form-values';
import { TextField } from '../../../components/TextField';
import { useRequestPasswordReset } from '../hooks/usePasswordReset';
import { AuthAside, AuthPanel } from '../components/AuthPanel';
import { FormError } from '../../../components/FormError';
import { Notice } from '../../../components/Notice';
import { Form } from '../../../components/Form';
import { Button } from '../../../components/Button';

/** Asks for a link to choose a new password; the answer never says whether the address has an account. */
export function ForgotPasswordPage() {
  const requestReset = useRequestPasswordReset();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    requestReset.mutate(readText(new FormData(event.currentTarget), 'email'));
  }

  return (
    <AuthPanel title="Forgot password">
      <h1>Forgot your password?</h1>
      {requestReset.isSuccess ? (
        <Notice role="status">
          {requestReset.data.message} Check your inbox, and your spam folder.
        </Notice>
      ) : (
        <>
          <p>Type the email address you sign in with, and we will mail you a link to choose a new password.</p>
          <FormError error={requestReset.error} />
          <Form onSubmit={handleSubmit}>
            <TextField label="Email" name="email" type="email" autoComplete="username" required />
            <Button variant="primary" type="submit" disabled={requestReset.isPending}>
              {requestReset.isPending ? 'Sending…' : 'Email me a link'}
            </Button>
          </Form>
        </>
      )}
      <AuthAside>
        <Link to="/signin">Back to sign in</Link>
      </AuthAside>
    </AuthPanel>
  );
}
