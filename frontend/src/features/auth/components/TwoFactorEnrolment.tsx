import { useId, type FormEvent } from 'react';
import { readText } from '../../../components/form-values';
import { TextField } from '../../../components/TextField';
import { QrCode } from './QrCode';
import { useConfirmTwoFactorEnrolment, useStartTwoFactorEnrolment } from '../hooks/useTwoFactor';
import { SecretCode } from '../../../components/SecretCode';
import { FormError } from '../../../components/FormError';
import { Notice } from '../../../components/Notice';
import { Form, InlineForm } from '../../../components/Form';
import { Button } from '../../../components/Button';
import styles from './TwoFactorEnrolment.module.css';

export function RecoveryCodeList({ codes }: { codes: string[] }) {
  return (
    <ul className={styles.recoveryCodes} aria-label="Recovery codes">
      {codes.map((code) => (
        <li key={code}>
          <code>{code}</code>
        </li>
      ))}
    </ul>
  );
}

/** Setting up TOTP: a new secret for the app, a first code to confirm it, then the recovery codes, shown once. */
export function TwoFactorEnrolment({ onDone }: { onDone: () => void }) {
  const id = useId();
  const start = useStartTwoFactorEnrolment();
  const confirm = useConfirmTwoFactorEnrolment();

  function handleConfirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    confirm.mutate(readText(new FormData(event.currentTarget), 'code').replace(/\s/g, ''));
  }

  if (confirm.data) {
    return (
      <Notice as="div" role="status">
        <p>Two-factor sign-in is on. Save these recovery codes somewhere safe now; they are not shown again. Each one signs you in once if you lose your phone.</p>
        <RecoveryCodeList codes={confirm.data.recoveryCodes} />
        <Button variant="primary" type="button" onClick={onDone}>
          I have saved the codes
        </Button>
      </Notice>
    );
  }

  if (!start.data) {
    return (
      <div>
        <FormError error={start.error} />
        <Button variant="primary" type="button" disabled={start.isPending} onClick={() => start.mutate()}>
          Set up two-factor sign-in
        </Button>
      </div>
    );
  }

  return (
    <Form as="div">
      <p>
        Add Newsdesk to an authenticator app (such as FreeOTP, Aegis, Google or Microsoft Authenticator): scan the code, open{' '}
        <a href={start.data.otpauthUri}>this setup link</a> on your phone, or type in the key below.
      </p>
      <QrCode value={start.data.otpauthUri} label="QR code for your authenticator app" />
      <p id={`${id}-key`}>
        Key: <SecretCode>{start.data.secret.replace(/(.{4})/g, '$1 ').trim()}</SecretCode>
      </p>
      <details>
        <summary>Setup address (otpauth)</summary>
        <SecretCode>{start.data.otpauthUri}</SecretCode>
      </details>
      <FormError error={confirm.error} />
      <InlineForm onSubmit={handleConfirm}>
        <TextField label="Code the app shows" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\s*\d{3}\s*\d{3}\s*" required />
        <Button variant="primary" type="submit" disabled={confirm.isPending}>
          Turn on
        </Button>
      </InlineForm>
    </Form>
  );
}
