import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useCreateStory } from '../hooks/useStoryMutations';
import { parseTicketReferences } from '../ticket-references';
import { FormError } from '../../../components/FormError';
import { Form } from '../../../components/Form';
import { Field } from '../../../components/Field';
import { Button } from '../../../components/Button';

/** A story by hand: a title, and the inquiries already known to belong to it. */
export function NewStoryForm() {
  const id = useId();
  const navigate = useNavigate();
  const create = useCreateStory();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [references, setReferences] = useState('');

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) return;
    create.mutate(
      { title: title.trim(), summary: summary.trim() || null, ticketIds: parseTicketReferences(references) },
      { onSuccess: (story) => void navigate(`/stories/${story.id}`) },
    );
  }

  return (
    <Form card columns onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>New story</h2>
      <Field>
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} value={title} onChange={(event) => setTitle(event.currentTarget.value)} required maxLength={200} />
      </Field>
      <Field>
        <label htmlFor={`${id}-summary`}>Summary (optional)</label>
        <input id={`${id}-summary`} value={summary} onChange={(event) => setSummary(event.currentTarget.value)} maxLength={5000} />
      </Field>
      <Field>
        <label htmlFor={`${id}-tickets`}>Inquiry references (optional)</label>
        <input id={`${id}-tickets`} value={references} onChange={(event) => setReferences(event.currentTarget.value)} placeholder="ND-1042, ND-1043" />
      </Field>
      <FormError error={create.error} />
      <div>
        <Button variant="primary" type="submit" disabled={create.isPending || !title.trim()}>
          Create story
        </Button>
      </div>
    </Form>
  );
}
