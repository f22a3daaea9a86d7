import { useState, type FormEvent } from 'react';
import type { PropertyFieldProps } from './property-save';
import { Field } from '../../../../components/Field';
import { Button } from '../../../../components/Button';
import styles from './TicketProperties.module.css';

/** The link to the published story; an empty link clears it. */
export function CoverageField({ id, ticket, save, saving }: PropertyFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? ticket.coverageUrl ?? '';

  function submit(event: FormEvent) {
    event.preventDefault();
    save({ coverageUrl: value.trim() || null }, () => setDraft(null));
  }

  return (
    <Field as="form" onSubmit={submit}>
      <label htmlFor={id}>Coverage link</label>
      <div className={styles.inlineField}>
        <input
          id={id}
          type="url"
          inputMode="url"
          placeholder="https://paper.example/story"
          value={value}
          onChange={(event) => setDraft(event.currentTarget.value)}
          maxLength={2000}
        />
        {draft !== null && (
          <Button type="submit" disabled={saving}>
            Save
          </Button>
        )}
      </div>
      {ticket.coverageUrl && draft === null && (
        <a href={ticket.coverageUrl} target="_blank" rel="noopener noreferrer" className={styles.coverageLink}>
          Open the published coverage
        </a>
      )}
    </Field>
  );
}
