import type { ProfileDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { ChangePasswordForm } from '../../users/components/ChangePasswordForm';
import { SessionList } from '../../users/components/SessionList';
import { TokenList } from '../../users/components/TokenList';
import { CalendarSubscriptionSection } from '../components/CalendarSubscriptionSection';
import { TwoFactorSection } from '../components/TwoFactorSection';
import { useApiTokens, useCreateApiToken, useProfile, useRevokeApiToken, useUpdateProfile } from '../hooks/useProfile';
import { ROLE_LABELS } from '../../users/role-labels';
import { SecretCode } from '../../../components/SecretCode';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { Notice } from '../../../components/Notice';
import { Form, InlineForm } from '../../../components/Form';
import { Card } from '../../../components/Card';
import { Field, FieldHint, Fieldset } from '../../../components/Field';
import { SaveFooter } from '../../../components/SaveFooter';
import { Button } from '../../../components/Button';
import styles from './ProfilePage.module.css';

export function ProfilePage() {
  const profile = useProfile();
  return (
    <>
      <title>Profile · Newsdesk</title>
      <h1>Your profile</h1>
      {profile.isPending && <p role="status">Loading your profile…</p>}
      {profile.isError && <ErrorPanel title="Your profile could not load." error={profile.error} onRetry={() => void profile.refetch()} />}
      {profile.data && <ProfileForm key={profile.data.id} profile={profile.data} />}
      <ChangePasswordForm />
      <SessionList userId="me" heading="Where you are signed in" />
      <TwoFactorSection />
      <CalendarSubscriptionSection />
      <ApiTokens />
    </>
  );
}

function ProfileForm({ profile }: { profile: ProfileDto }) {
  const id = useId();
  const update = useUpdateProfile();
  // A draft of the form, seeded once from the server; saving replaces the cached profile.
  const [draft, setDraft] = useState({
    name: profile.name,
    signature: profile.signature ?? '',
    notifyAssigned: profile.notifyAssigned,
    notifyReplied: profile.notifyReplied,
    notifyApprovals: profile.notifyApprovals,
  });

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate(draft);
  }

  return (
    <Form card onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Name, signature and notifications</h2>
      <Muted as="p">
        {profile.email} · {ROLE_LABELS[profile.role]}
      </Muted>
      <Field>
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })} required maxLength={120} />
      </Field>
      <Field>
        <label htmlFor={`${id}-signature`}>Signature</label>
        <textarea
          id={`${id}-signature`}
          rows={4}
          value={draft.signature}
          maxLength={2000}
          onChange={(event) => setDraft({ ...draft, signature: event.currentTarget.value })}
          aria-describedby={`${id}-signature-hint`}
        />
        <FieldHint id={`${id}-signature-hint`}>
          Added below every reply you send.
        </FieldHint>
      </Field>
      <Fieldset>
        <legend>Email me when</legend>
        <label className={styles.switch}>
          <input
            type="checkbox"
            role="switch"
            checked={draft.notifyAssigned}
            onChange={(event) => setDraft({ ...draft, notifyAssigned: event.currentTarget.checked })}
          />
          an inquiry is assigned to me
        </label>
        <label className={styles.switch}>
          <input
            type="checkbox"
            role="switch"
            checked={draft.notifyReplied}
            onChange={(event) => setDraft({ ...draft, notifyReplied: event.currentTarget.checked })}
          />
          a journalist answers on one of my inquiries
        </label>
        <label className={styles.switch}>
          <input
            type="checkbox"
            role="switch"
            checked={draft.notifyApprovals}
            onChange={(event) => setDraft({ ...draft, notifyApprovals: event.currentTarget.checked })}
          />
          a reply or statement waits for my approval, or one of mine is approved or rejected
        </label>
      </Fieldset>
      <SaveFooter save={update} label="Save profile" />
    </Form>
  );
}

function ApiTokens() {
  const id = useId();
  const tokens = useApiTokens();
  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const [name, setName] = useState('');

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate(name.trim(), { onSuccess: () => setName('') });
  }

  const active = tokens.data?.filter((token) => !token.revokedAt) ?? [];

  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>API tokens</h2>
      <Muted as="p">For scripts and integrations: a token acts as you, with your role.</Muted>
      {create.data?.token && (
        <Notice as="div" role="status">
          <p>
            Copy the token for “{create.data.name}” now; it is not shown again:
          </p>
          <SecretCode>{create.data.token}</SecretCode>
        </Notice>
      )}
      {tokens.isError && <ErrorPanel title="Tokens could not load." error={tokens.error} />}
      <TokenList tokens={active} revoking={revoke.isPending} onRevoke={(tokenId) => revoke.mutate(tokenId)} />
      {tokens.isSuccess && active.length === 0 && <p>No tokens.</p>}
      <InlineForm onSubmit={handleSubmit}>
        <Field>
          <label htmlFor={`${id}-name`}>Token name</label>
          <input id={`${id}-name`} value={name} onChange={(event) => setName(event.currentTarget.value)} required maxLength={100} placeholder="e.g. CMS import" />
        </Field>
        <Button type="submit" disabled={create.isPending}>
          Create token
        </Button>
      </InlineForm>
      <FormError error={create.error ?? revoke.error} />
    </Card>
  );
}
