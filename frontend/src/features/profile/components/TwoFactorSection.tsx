import { useId, useState, type FormEvent } from 'react';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { readText } from '../../../components/form-values';
import { TextField } from '../../../components/TextField';
import { RecoveryCodeList, TwoFactorEnrolment } from '../../auth/components/TwoFactorEnrolment';
import { useDisableTwoFactor, useRegenerateRecoveryCodes, useTwoFactorStatus } from '../../auth/hooks/useTwoFactor';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { Notice } from '../../../components/Notice';
import { Card } from '../../../components/Card';
import { Form, InlineForm } from '../../../components/Form';
import { Button } from '../../../components/Button';

/** The profile's two-factor sign-in: set it up, see the recovery codes left, turn it off. */
export function TwoFactorSection() {
  const id = useId();
  const status = useTwoFactorStatus();
  const disable = useDisableTwoFactor();
  const [enrolling, setEnrolling] = useState(false);

  function handleDisable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    disable.mutate({ password: readText(form, 'password'), code: readText(form, 'code').trim() });
  }

  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Two-factor sign-in</h2>
      {status.isError && <ErrorPanel title="Two-factor sign-in could not load." error={status.error} onRetry={() => void status.refetch()} />}
      {(enrolling || (status.data && !status.data.enabled)) && (
        <>
          <Muted as="p">
            {status.data?.required ? 'Your role must use it. ' : ''}With it on, signing in also needs a code from an authenticator app on your phone.
          </Muted>
          {enrolling ? (
            <TwoFactorEnrolment onDone={() => setEnrolling(false)} />
          ) : (
            <Button variant="primary" type="button" onClick={() => setEnrolling(true)}>
              Set up
            </Button>
          )}
        </>
      )}
      {status.data?.enabled && !enrolling && (
        <>
          <p>On. {status.data.recoveryCodesLeft} of 10 recovery codes left.</p>
          <NewRecoveryCodes />
          {status.data.required ? (
            <Muted as="p">Your role must use two-factor sign-in, so it cannot be turned off.</Muted>
          ) : (
            <Form onSubmit={handleDisable} aria-label="Turn off two-factor sign-in">
              <FormError error={disable.error} />
              <TextField label="Your password" name="password" type="password" autoComplete="current-password" required />
              <TextField label="Code from your app or a recovery code" name="code" autoComplete="one-time-code" required />
              <div>
                <Button type="submit" disabled={disable.isPending}>
                  Turn off two-factor sign-in
                </Button>
              </div>
            </Form>
          )}
        </>
      )}
    </Card>
  );
}

/** Ten new recovery codes for a current code from the app; the old ones stop working. */
function NewRecoveryCodes() {
  const regenerate = useRegenerateRecoveryCodes();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    regenerate.mutate(readText(new FormData(event.currentTarget), 'code').replace(/\s/g, ''));
  }

  if (regenerate.data) {
    return (
      <Notice as="div" role="status">
        <p>Your new recovery codes; the old ones no longer work. Save them now, they are not shown again.</p>
        <RecoveryCodeList codes={regenerate.data.recoveryCodes} />
        <Button type="button" onClick={() => regenerate.reset()}>
          I have saved the codes
        </Button>
      </Notice>
    );
  }
  return (
    <InlineForm onSubmit={handleSubmit} aria-label="New recovery codes">
      <FormError error={regenerate.error} />
      <TextField label="Code from your app" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\s*\d{3}\s*\d{3}\s*" required />
      <Button type="submit" disabled={regenerate.isPending}>
        New recovery codes
      </Button>
    </InlineForm>
  );
}
