import type { TicketDetailDto } from '@newsdesk/shared';
import { useId } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../../api/client';
import { TICKET_STATUS_LABELS } from '../../tickets/ticket-status-labels';
import { useStorySuggestions } from '../hooks/useStories';
import { useAddStoryTickets, useCreateStory } from '../hooks/useStoryMutations';
import { LinkList } from '../../../components/LinkList';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { Notice } from '../../../components/Notice';
import { Button } from '../../../components/Button';
import styles from './RelatedInquiries.module.css';
import { SidePanel } from '../../../components/SidePanel';

/** On the ticket: the story it belongs to, or inquiries about the same news and the stories they are in. */
export function RelatedInquiries({ ticket }: { ticket: TicketDetailDto }) {
  const id = useId();
  const navigate = useNavigate();
  const suggestions = useStorySuggestions(ticket.id);
  const addToStory = useAddStoryTickets();
  const createStory = useCreateStory();
  const story = suggestions.data?.ticket.story ?? null;
  const candidates = suggestions.data?.candidates ?? [];
  const stories = suggestions.data?.stories ?? [];
  const loose = candidates.filter((candidate) => !candidate.story);
  const busy = addToStory.isPending || createStory.isPending;
  const error = addToStory.error ?? createStory.error;

  function startStory() {
    createStory.mutate(
      { title: ticket.subject, ticketIds: [ticket.id, ...loose.map((candidate) => candidate.ticket.id)] },
      { onSuccess: (created) => void navigate(`/stories/${created.id}`) },
    );
  }

  return (
    <SidePanel id={id} title="Related inquiries">
      {suggestions.isPending && <Muted as="p">Looking for inquiries about the same news…</Muted>}
      {suggestions.isError && <Muted as="p">Related inquiries could not load: {describeError(suggestions.error)}</Muted>}
      {story && (
        <p>
          Part of the story <Link to={`/stories/${story.id}`}>{story.title}</Link>
          {story.status === 'closed' ? ' (closed)' : ''}
        </p>
      )}
      {suggestions.isSuccess && candidates.length === 0 && !story && <Muted as="p">No similar open inquiries in the last few days.</Muted>}
      {!story && stories.length > 0 && (
        <ul className={styles.relatedStories}>
          {stories.map((candidate) => (
            <li key={candidate.id}>
              <Button
                type="button"
                disabled={busy || candidate.status === 'closed'}
                onClick={() => addToStory.mutate({ id: candidate.id, input: { ticketIds: [ticket.id] } })}
              >
                Add to story “{candidate.title}”
              </Button>
              <Muted>
                {' '}
                {candidate.matches} similar {candidate.matches === 1 ? 'inquiry' : 'inquiries'} in it
              </Muted>
            </li>
          ))}
        </ul>
      )}
      {candidates.length > 0 && (
        <LinkList className={styles.relatedList} label="Similar inquiries">
          {candidates.map((candidate) => (
            <li key={candidate.ticket.id}>
              <Link to={`/tickets/${candidate.ticket.reference}`}>
                {candidate.ticket.reference} · {candidate.ticket.subject}
              </Link>
              <Muted>
                {' '}
                {candidate.ticket.journalist?.name ?? candidate.ticket.journalist?.email ?? 'Unknown journalist'}, {TICKET_STATUS_LABELS[candidate.ticket.status]},{' '}
                {Math.round(candidate.score * 100)}% alike
                {candidate.story ? `, in “${candidate.story.title}”` : ''}
              </Muted>
            </li>
          ))}
        </LinkList>
      )}
      {!story && loose.length > 0 && (
        <Button type="button" onClick={startStory} disabled={busy}>
          Start a story with these {loose.length + 1} inquiries
        </Button>
      )}
      {addToStory.isSuccess && story && (
        <Notice role="status">
          Added to “{story.title}”.
        </Notice>
      )}
      <FormError error={error} />
    </SidePanel>
  );
}
