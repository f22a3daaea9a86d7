import type { StatementDetailDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { useAddStatementVersion } from '../hooks/useStatementMutations';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { Form } from '../../../components/Form';
import { Field } from '../../../components/Field';
import { Button, ButtonRow } from '../../../components/Button';

/** Writes a new wording, saved as a draft version that waits for approval. */
export function NewVersionForm({ statement }: { statement: StatementDetailDto }) {
  const id = useId();
  const add = useAddStatementVersion();
  // Seeded with the latest wording; a draft until saved as a new version.
  const [body, setBody] = useState(statement.versions[0]?.body ?? '');
  const [open, setOpen] = useState(false);
  const unchanged = body === (statement.versions[0]?.body ?? '');

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (unchanged || !body.trim()) return;
    add.mutate({ id: statement.id, body }, { onSuccess: () => setOpen(false) });
  }

  if (!open) {
    return (
      <Button type="button" onClick={() => setOpen(true)}>
        Write a new version
      </Button>
    );
  }
  return (
    <Form card onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>New version</h2>
      <Muted as="p">The approved version stays in force until this one is approved.</Muted>
      <Field>
        <label htmlFor={`${id}-body`}>Text (Markdown)</label>
        <textarea id={`${id}-body`} rows={8} value={body} onChange={(event) => setBody(event.currentTarget.value)} required maxLength={50_000} />
      </Field>
      <FormError error={add.error} />
      <ButtonRow>
        <Button variant="primary" type="submit" disabled={add.isPending || unchanged || !body.trim()}>
          Save as draft version
        </Button>
        <Button type="button" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </ButtonRow>
    </Form>
  );
}
