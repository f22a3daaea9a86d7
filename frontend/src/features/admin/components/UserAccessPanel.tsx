import type { UserDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../../api/client';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { SessionList } from '../../users/components/SessionList';
import { TokenList } from '../../users/components/TokenList';
import { useRevokeUserToken, useUserTokens } from '../../users/hooks/useUserAccess';
import { useLiftLockout, useResetTwoFactor, useUpdateUser } from '../hooks/useUserAdmin';
import { NewPasswordField } from '../../../components/NewPasswordField';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { Notice } from '../../../components/Notice';
import { Card } from '../../../components/Card';
import { Form } from '../../../components/Form';
import { Button } from '../../../components/Button';

/** An admin's view of how one person is signed in: sessions, API tokens, and a password reset that ends them all. */
export function UserAccessPanel({ user, onClose }: { user: UserDto; onClose: () => void }) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Sign-ins of {user.name}</h2>
      <Button type="button" onClick={onClose}>
        Close
      </Button>
      <SessionList userId={user.id} heading="Sessions" />
      <UserTokens user={user} />
      <PasswordReset user={user} />
      <Lockout user={user} />
      <TwoFactorReset user={user} />
    </section>
  );
}

function UserTokens({ user }: { user: UserDto }) {
  const id = useId();
  const tokens = useUserTokens(user.id);
  const revoke = useRevokeUserToken(user.id);
  const active = tokens.data?.filter((token) => !token.revokedAt) ?? [];
  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>API tokens</h3>
      {tokens.isError && <ErrorPanel title="Tokens could not load." error={tokens.error} />}
      {tokens.isSuccess && active.length === 0 && <p>No active tokens.</p>}
      <TokenList tokens={active} revoking={revoke.isPending} onRevoke={(tokenId) => revoke.mutate(tokenId)} />
      <FormError error={revoke.error} />
    </Card>
  );
}

function PasswordReset({ user }: { user: UserDto }) {
  const id = useId();
  const update = useUpdateUser();
  const [done, setDone] = useState(false);
  const fieldMessages = update.error instanceof ApiError ? update.error.fieldMessages('password') : [];

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const password = String(new FormData(formElement).get('password') ?? '');
    setDone(false);
    update.mutate(
      { id: user.id, patch: { password } },
      {
        onSuccess: () => {
          setDone(true);
          formElement.reset();
        },
      },
    );
  }

  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Reset password</h3>
      <Muted as="p">Ends every session and revokes every API token of {user.name}, and lifts a sign-in lockout.</Muted>
      <Form onSubmit={handleSubmit}>
        <NewPasswordField errors={fieldMessages} />
        {fieldMessages.length === 0 && <FormError error={update.error} />}
        {done && (
          <Notice role="status">
            Password reset. {user.name} is signed out everywhere.
          </Notice>
        )}
        <div>
          <Button variant="primary" type="submit" disabled={update.isPending}>
            Reset password
          </Button>
        </div>
      </Form>
    </Card>
  );
}

function Lockout({ user }: { user: UserDto }) {
  const id = useId();
  const unlock = useLiftLockout();
  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Sign-in lockout</h3>
      <Muted as="p">After repeated wrong passwords sign-in pauses for a while. Unlock when {user.name} knows their password and cannot wait.</Muted>
      <FormError error={unlock.error} />
      {unlock.isSuccess && (
        <Notice role="status">
          Unlocked. {user.name} can sign in again now.
        </Notice>
      )}
      <div>
        <Button type="button" disabled={unlock.isPending} onClick={() => unlock.mutate(user.id)}>
          Unlock
        </Button>
      </div>
    </Card>
  );
}

/** Turning a colleague's second factor off weakens their account, so it takes a second, explicit click. */
function TwoFactorReset({ user }: { user: UserDto }) {
  const id = useId();
  const reset = useResetTwoFactor();
  const [confirming, setConfirming] = useState(false);
  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Two-factor sign-in</h3>
      <Muted as="p">For a lost phone and lost recovery codes: {user.name} then signs in with the password alone (or sets up a new app where two-factor is required), and is told by mail.</Muted>
      <FormError error={reset.error} />
      {reset.isSuccess && (
        <Notice role="status">
          Two-factor sign-in of {user.name} is reset.
        </Notice>
      )}
      {confirming ? (
        <div role="group" aria-label="Confirm two-factor reset">
          <p>
            <strong>Turn off two-factor sign-in for {user.name}?</strong> Do this only once you are sure who asked.
          </p>
          <Button variant="danger"
            type="button"
            disabled={reset.isPending}
            onClick={() => reset.mutate(user.id, { onSettled: () => setConfirming(false) })}
          >
            Yes, reset two-factor
          </Button>{' '}
          <Button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <div>
          <Button
            type="button"
            onClick={() => {
              reset.reset();
              setConfirming(true);
            }}
          >
            Reset two-factor…
          </Button>
        </div>
      )}
    </Card>
  );
}
