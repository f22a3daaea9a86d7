import type { StoryDetailDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { HeaderMeta } from '../../../components/HeaderMeta';
import { DeadlineCountdown } from '../../tickets/components/DeadlineCountdown';
import { useUpdateStory } from '../hooks/useStoryMutations';
import { StoryStatusBadge } from './StoryStatusBadge';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { PageHeader } from '../../../components/Page';
import { Form } from '../../../components/Form';
import { Field } from '../../../components/Field';
import { Button, ButtonRow } from '../../../components/Button';
import styles from './StoryHeader.module.css';

/** The story's title with Edit and Close/Reopen, its counts and earliest deadline, and the details form. */
export function StoryHeader({ story, now }: { story: StoryDetailDto; now: number }) {
  const id = useId();
  const update = useUpdateStory();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(story.title);
  const [summary, setSummary] = useState(story.summary ?? '');

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ id: story.id, patch: { title: title.trim(), summary: summary.trim() || null } }, { onSuccess: () => setEditing(false) });
  }

  return (
    <header className={styles.storyHeader}>
      <PageHeader className={styles.titleRow}>
        <h1>{story.title}</h1>
        <ButtonRow>
          <Button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
            Edit details
          </Button>
          <Button
            type="button"
            disabled={update.isPending}
            onClick={() => update.mutate({ id: story.id, patch: { status: story.status === 'open' ? 'closed' : 'open' } })}
          >
            {story.status === 'open' ? 'Close story' : 'Reopen story'}
          </Button>
        </ButtonRow>
      </PageHeader>
      <HeaderMeta className={styles.storyMeta}>
        <StoryStatusBadge status={story.status} />
        <span>
          {story.openTicketCount} open of {story.ticketCount} {story.ticketCount === 1 ? 'inquiry' : 'inquiries'}
        </span>
        {story.earliestDeadlineAt ? (
          <span>
            Earliest deadline <DeadlineCountdown deadlineAt={story.earliestDeadlineAt} now={now} />
          </span>
        ) : (
          <Muted>No deadlines set</Muted>
        )}
      </HeaderMeta>
      {story.summary && <p>{story.summary}</p>}
      {editing && (
        <Form card onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
          <h2 id={`${id}-heading`}>Story details</h2>
          <Field>
            <label htmlFor={`${id}-title`}>Title</label>
            <input id={`${id}-title`} value={title} onChange={(event) => setTitle(event.currentTarget.value)} required maxLength={200} />
          </Field>
          <Field>
            <label htmlFor={`${id}-summary`}>Summary</label>
            <textarea id={`${id}-summary`} rows={3} value={summary} onChange={(event) => setSummary(event.currentTarget.value)} maxLength={5000} />
          </Field>
          <ButtonRow>
            <Button variant="primary" type="submit" disabled={update.isPending || !title.trim()}>
              Save
            </Button>
            <Button type="button" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </ButtonRow>
        </Form>
      )}
      <FormError error={update.error} />
    </header>
  );
}
