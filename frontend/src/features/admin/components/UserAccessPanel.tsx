import type { UserDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../../../api/client';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { formatDateTime } from '../../../components/RelativeTime';
import { TextField } from '../../../components/TextField';
import { SessionList } from '../../users/components/SessionList';
import { useRevokeUserToken, useUserTokens } from '../../users/hooks/useUserAccess';
import { useUpdateUser } from '../hooks/useUserAdmin';

/** An admin's view of how one person is signed in: sessions, API tokens, and a password reset that ends them all. */
export function UserAccessPanel({ user, onClose }: { user: UserDto; onClose: () => void }) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Sign-ins of {user.name}</h2>
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
      <SessionList userId={user.id} heading="Sessions" />
      <UserTokens user={user} />
      <PasswordReset user={user} />
    </section>
  );
}

function UserTokens({ user }: { user: UserDto }) {
  const id = useId();
  const tokens = useUserTokens(user.id);
  const revoke = useRevokeUserToken(user.id);
  const active = tokens.data?.filter((token) => !token.revokedAt) ?? [];
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>API tokens</h3>
      {tokens.isError && <ErrorPanel title="Tokens could not load." error={tokens.error} />}
      {tokens.isSuccess && active.length === 0 && <p>No active tokens.</p>}
      {active.length > 0 && (
        <ul className="token-list">
          {active.map((token) => (
            <li key={token.id}>
              <span>
                <strong>{token.name}</strong> <code>{token.prefix}…</code>{' '}
                <span className="muted">
                  created {formatDateTime(token.createdAt)}
                  {token.lastUsedAt ? `, last used ${formatDateTime(token.lastUsedAt)}` : ', never used'}
                </span>
              </span>
              <button type="button" className="button" disabled={revoke.isPending} onClick={() => revoke.mutate(token.id)} aria-label={`Revoke ${token.name}`}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      {revoke.isError && (
        <p role="alert" className="form-error">
          {describeError(revoke.error)}
        </p>
      )}
    </section>
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
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Reset password</h3>
      <p className="muted">Ends every session and revokes every API token of {user.name}, and lifts a sign-in lockout.</p>
      <form className="form" onSubmit={handleSubmit}>
        <TextField
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          maxLength={128}
          required
          hint="At least 12 characters; a few unrelated words work well."
          errors={fieldMessages}
        />
        {update.isError && fieldMessages.length === 0 && (
          <p role="alert" className="form-error">
            {describeError(update.error)}
          </p>
        )}
        {done && (
          <p role="status" className="notice">
            Password reset. {user.name} is signed out everywhere.
          </p>
        )}
        <div>
          <button type="submit" className="button button--primary" disabled={update.isPending}>
            Reset password
          </button>
        </div>
      </form>
    </section>
  );
}
