import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { readText } from '../../../components/form-values';
import { TextField } from '../../../components/TextField';
import { useCompleteSetup } from '../hooks/useCompleteSetup';
import { useSetupStatus } from '../hooks/useSetupStatus';
import { NewPasswordField } from '../../../components/NewPasswordField';
import { AuthPanel } from '../components/AuthPanel';
import { FormError } from '../../../components/FormError';
import { Form } from '../../../components/Form';
import { Button } from '../../../components/Button';


/** Creates the first admin account with the one-time token from the setup link. */
export function SetupPage() {
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const status = useSetupStatus();

  return (
    <AuthPanel title="Set up">
      <h1>Set up Newsdesk</h1>
      {status.isPending && <p role="status">Checking setup…</p>}
      {status.isError && (
        <ErrorPanel title="Setup could not load." error={status.error} onRetry={() => void status.refetch()} />
      )}
      {status.data?.needed === false && (
        <p>
          Newsdesk is already set up. <Link to="/signin">Sign in</Link>
        </p>
      )}
      {status.data?.needed && token === '' && (
        <p>Open the setup link the server printed when it first started; it carries a one-time token.</p>
      )}
      {status.data?.needed && token !== '' && <FirstAdminForm token={token} />}
    </AuthPanel>
  );
}

function FirstAdminForm({ token }: { token: string }) {
  const navigate = useNavigate();
  const setup = useCompleteSetup();
  const fieldMessages = (field: string) => (setup.error instanceof ApiError ? setup.error.fieldMessages(field) : []);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setup.mutate(
      { token, name: readText(form, 'name'), email: readText(form, 'email'), password: readText(form, 'password') },
      { onSuccess: () => void navigate('/', { replace: true }) },
    );
  }

  return (
    <>
      <p>Create the first administrator account.</p>
      <FormError error={setup.error} />
      <Form onSubmit={handleSubmit}>
        <TextField label="Name" name="name" autoComplete="name" required errors={fieldMessages('name')} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          errors={fieldMessages('email')}
        />
        <NewPasswordField label="Password" errors={fieldMessages('password')} />
        <Button variant="primary" type="submit" disabled={setup.isPending}>
          {setup.isPending ? 'Creating account…' : 'Create admin account'}
        </Button>
      </Form>
    </>
  );
}
