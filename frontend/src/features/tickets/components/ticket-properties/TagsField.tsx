import { useState, type FormEvent } from 'react';
import type { PropertyFieldProps } from './property-save';
import { Muted } from '../../../../components/Muted';
import { VisuallyHidden } from '../../../../components/VisuallyHidden';
import { Field } from '../../../../components/Field';
import { Button } from '../../../../components/Button';
import styles from './TicketProperties.module.css';

/** The ticket's tags: remove one, or add one (lower-cased, no duplicates). */
export function TagsField({ id, ticket, save, saving }: PropertyFieldProps) {
  const [draft, setDraft] = useState('');

  function add(event: FormEvent) {
    event.preventDefault();
    const tag = draft.trim().toLowerCase();
    if (!tag) return;
    save({ tags: [...new Set([...ticket.tags, tag])] }, () => setDraft(''));
  }

  return (
    <Field>
      <span className={styles.fieldLabel} id={id}>
        Tags
      </span>
      {ticket.tags.length > 0 ? (
        <ul className={styles.tags} aria-labelledby={id}>
          {ticket.tags.map((tag) => (
            <li key={tag} className={styles.tag}>
              {tag}
              <button
                type="button"
                className={styles.tagRemove}
                aria-label={`Remove tag ${tag}`}
                onClick={() => save({ tags: ticket.tags.filter((t) => t !== tag) })}
                disabled={saving}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <Muted as="p">No tags</Muted>
      )}
      <form className={styles.inlineField} onSubmit={add}>
        <VisuallyHidden as="label" htmlFor={`${id}-new`}>
          New tag
        </VisuallyHidden>
        <input id={`${id}-new`} value={draft} onChange={(event) => setDraft(event.currentTarget.value)} placeholder="Add a tag" maxLength={64} />
        <Button type="submit" disabled={!draft.trim() || saving}>
          Add
        </Button>
      </form>
    </Field>
  );
}
