import { DIGEST_FREQUENCIES, type DigestFrequency } from '@newsdesk/shared';
import { useId, useState } from 'react';
import { describeError } from '../../../api/client';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useDigestPreview, useDigestSettings, useSetDigestSettings } from '../hooks/useDigestSettings';
import { Muted } from '../../../components/Muted';
import { Panel } from '../../../components/Panel';
import { CheckboxField, Field, FieldError } from '../../../components/Field';
import { Button } from '../../../components/Button';
import styles from './DigestSettings.module.css';

const FREQUENCY_LABELS: Record<DigestFrequency, string> = { weekly: 'Weekly (Monday to Sunday)', daily: 'Daily (the day before)' };

/** The signed-in manager's digest mail: on or off, weekly or daily, and a preview of exactly what is sent. */
export function DigestSettings() {
  const id = useId();
  const settings = useDigestSettings();
  const change = useSetDigestSettings();
  const [previewing, setPreviewing] = useState(false);
  if (!settings.isSuccess) return null;
  const { subscribed, frequency } = settings.data;
  return (
    <div className={styles.digestSettings}>
      <CheckboxField>
        <input id={`${id}-on`} type="checkbox" checked={subscribed} disabled={change.isPending} onChange={(event) => change.mutate({ subscribed: event.currentTarget.checked })} />
        <label htmlFor={`${id}-on`}>Email me a digest of these numbers</label>
      </CheckboxField>
      <Field>
        <label htmlFor={`${id}-frequency`}>How often</label>
        <select
          id={`${id}-frequency`}
          value={frequency}
          disabled={change.isPending}
          onChange={(event) => change.mutate({ frequency: DIGEST_FREQUENCIES.find((f) => f === event.currentTarget.value) ?? 'weekly' })}
        >
          {DIGEST_FREQUENCIES.map((option) => (
            <option key={option} value={option}>
              {FREQUENCY_LABELS[option]}
            </option>
          ))}
        </select>
      </Field>
      <Button variant="quiet" type="button" aria-expanded={previewing} onClick={() => setPreviewing(!previewing)}>
        {previewing ? 'Hide the digest preview' : 'Preview the digest'}
      </Button>
      {change.isError && (
        <FieldError role="alert">
          {describeError(change.error)}
        </FieldError>
      )}
      {previewing && <DigestPreview frequency={frequency} />}
    </div>
  );
}

/** The mail of the last finished period as the server renders it, in a frame that runs no script and loads nothing. */
function DigestPreview({ frequency }: { frequency: DigestFrequency }) {
  const preview = useDigestPreview(frequency, true);
  return (
    <Panel as="section" wide className={styles.digestPreview} aria-label="Digest preview">
      {preview.isPending && <p role="status">Rendering the digest…</p>}
      {preview.isError && <ErrorPanel title="The digest preview could not load." error={preview.error} onRetry={() => void preview.refetch()} />}
      {preview.data && (
        <>
          <p>
            <strong>Subject:</strong> {preview.data.subject}
          </p>
          <Muted as="p">
            The {preview.data.frequency} mail for {preview.data.from}
            {preview.data.to !== preview.data.from ? ` to ${preview.data.to}` : ''}, exactly as sent; attached: {preview.data.attachments.map((file) => file.filename).join(', ')}.
          </Muted>
          <iframe className={styles.digestPreviewFrame} sandbox="" srcDoc={preview.data.html} title={`Digest preview: ${preview.data.subject}`} />
        </>
      )}
    </Panel>
  );
}
