import { useState, type FormEvent } from 'react';
import { readText } from '../../../components/form-values';
import { TextField } from '../../../components/TextField';
import { useSecondFactorSignIn } from '../hooks/useTwoFactor';
import { FormError } from '../../../components/FormError';
import { Form } from '../../../components/Form';
import { Button } from '../../../components/Button';

interface SecondFactorFormProps {
  challenge: string;
  onSignedIn: () => void;
  onRestart: () => void;
}

/** The second sign-in step: the code from the authenticator app, or one of the recovery codes. */
export function SecondFactorForm({ challenge, onSignedIn, onRestart }: SecondFactorFormProps) {
  const signIn = useSecondFactorSignIn();
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = readText(new FormData(event.currentTarget), 'code').trim();
    signIn.mutate(useRecoveryCode ? { challenge, recoveryCode: value } : { challenge, code: value.replace(/\s/g, '') }, { onSuccess: onSignedIn });
  }

  return (
    <>
      <h1>Two-factor sign-in</h1>
      <FormError error={signIn.error} />
      <Form onSubmit={handleSubmit} key={useRecoveryCode ? 'recovery' : 'app'}>
        {useRecoveryCode ? (
          <TextField label="Recovery code" name="code" autoComplete="off" hint="One of the codes you saved when you set up two-factor sign-in; each works once." required autoFocus />
        ) : (
          <TextField label="Code from your authenticator app" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\s*\d{3}\s*\d{3}\s*" required autoFocus />
        )}
        <Button variant="primary" type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Checking…' : 'Sign in'}
        </Button>
      </Form>
      <p>
        <Button variant="link" type="button" onClick={() => setUseRecoveryCode(!useRecoveryCode)}>
          {useRecoveryCode ? 'Use the code from your app' : 'Use a recovery code instead'}
        </Button>{' '}
        <Button variant="link" type="button" onClick={onRestart}>
          Start again
        </Button>
      </p>
    </>
  );
}
