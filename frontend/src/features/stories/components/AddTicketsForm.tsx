import { useId, useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../../../api/client';
import { useAddStoryTickets } from '../hooks/useStoryMutations';
import { parseTicketReferences } from '../ticket-references';
import { Notice } from '../../../components/Notice';
import { Field } from '../../../components/Field';
import { InlineForm } from '../../../components/Form';
import { Button } from '../../../components/Button';
import styles from './AddTicketsForm.module.css';

/** Adds inquiries by reference; one already in another story is moved only when asked to. */
export function AddTicketsForm({ storyId }: { storyId: string }) {
  const id = useId();
  const add = useAddStoryTickets();
  const [references, setReferences] = useState('');
  const inAnotherStory = add.error instanceof ApiError && add.error.status === 409 && !add.variables?.input.move;

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ticketIds = parseTicketReferences(references);
    if (!ticketIds.length) return;
    add.mutate({ id: storyId, input: { ticketIds } }, { onSuccess: () => setReferences('') });
  }

  function moveHere() {
    if (!add.variables) return;
    add.mutate({ id: storyId, input: { ...add.variables.input, move: true } }, { onSuccess: () => setReferences('') });
  }

  return (
    <InlineForm className={styles.addTickets} onSubmit={handleSubmit} aria-label="Add inquiries to the story">
      <Field>
        <label htmlFor={`${id}-references`}>Add inquiries</label>
        <input id={`${id}-references`} value={references} onChange={(event) => setReferences(event.currentTarget.value)} placeholder="ND-1042, ND-1043" />
      </Field>
      <Button type="submit" disabled={add.isPending || !references.trim()}>
        Add
      </Button>
      {add.isError && (
        <Notice as="div" tone="error" role="alert" className={styles.addTicketsError}>
          <p>{describeError(add.error)}</p>
          {inAnotherStory && (
            <Button type="button" onClick={moveHere} disabled={add.isPending}>
              Move them into this story
            </Button>
          )}
        </Notice>
      )}
    </InlineForm>
  );
}
