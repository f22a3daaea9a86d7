import { useId, useState } from 'react';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { formatDateTime } from '../../../components/RelativeTime';
import { useCalendarSubscription, useCreateCalendarLink, useRevokeCalendarLink } from '../hooks/useCalendarSubscription';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { Notice } from '../../../components/Notice';
import { VisuallyHidden } from '../../../components/VisuallyHidden';
import { Card } from '../../../components/Card';
import { FieldHint } from '../../../components/Field';
import { Button, ButtonRow } from '../../../components/Button';
import styles from './CalendarSubscriptionSection.module.css';

/** The profile's deadline calendar: a private iCal link to the deadlines of my open tickets, to create, replace or revoke. */
export function CalendarSubscriptionSection() {
  const id = useId();
  const subscription = useCalendarSubscription();
  const create = useCreateCalendarLink();
  const revoke = useRevokeCalendarLink();
  const [copied, setCopied] = useState(false);
  const link = subscription.data;
  const url = create.data?.url;

  function handleCreate() {
    setCopied(false);
    create.mutate();
  }

  function handleRevoke() {
    revoke.mutate(undefined, { onSuccess: () => create.reset() });
  }

  async function handleCopy(value: string) {
    await navigator.clipboard?.writeText(value);
    setCopied(true);
  }

  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Deadline calendar</h2>
      <Muted as="p">
        Subscribe in Outlook, Google Calendar or Apple Calendar to see the deadlines of the open inquiries assigned to you
        {link ? `, in the office time zone (${link.timeZone})` : ''}. The link works without signing in and only reads: keep it private, like a
        password.
      </Muted>
      {subscription.isPending && <p role="status">Loading your calendar link…</p>}
      {subscription.isError && <ErrorPanel title="Your calendar link could not load." error={subscription.error} onRetry={() => void subscription.refetch()} />}
      {url && (
        <Notice as="div" role="status">
          <p>Copy this link into your calendar app now; it is not shown again:</p>
          <VisuallyHidden as="label" htmlFor={`${id}-url`}>
            Calendar link
          </VisuallyHidden>
          <input id={`${id}-url`} className={styles.tokenField} readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
          <ButtonRow>
            <Button type="button" onClick={() => void handleCopy(url)}>
              Copy link
            </Button>
            <Button as="a" href={url.replace(/^https?:/, 'webcal:')}>
              Open in calendar app
            </Button>
            {copied && <span>Copied.</span>}
          </ButtonRow>
        </Notice>
      )}
      {link?.active && (
        <p>
          Link <code>{link.prefix}…</code> created {link.createdAt ? formatDateTime(link.createdAt) : ''}
          {link.lastUsedAt ? `, last fetched ${formatDateTime(link.lastUsedAt)}` : ', not fetched yet'}.
        </p>
      )}
      {link && !link.active && <p>You have no calendar link.</p>}
      {link && (
        <ButtonRow>
          <button type="button" className={link.active ? 'button' : 'button button--primary'} disabled={create.isPending} onClick={handleCreate}>
            {link.active ? 'Replace link' : 'Create calendar link'}
          </button>
          {link.active && (
            <Button type="button" disabled={revoke.isPending} onClick={handleRevoke}>
              Revoke link
            </Button>
          )}
        </ButtonRow>
      )}
      {link?.active && <FieldHint>Replacing or revoking stops the current link at once; calendars that use it stop updating.</FieldHint>}
      <FormError error={create.error ?? revoke.error} />
    </Card>
  );
}
