import type { StoryDetailDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { describeError } from '../../../api/client';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { formatDateTime } from '../../../components/RelativeTime';
import { useNow } from '../../../hooks/useNow';
import { DeadlineCountdown } from '../../tickets/components/DeadlineCountdown';
import { AddTicketsForm } from '../components/AddTicketsForm';
import { SendStatementPanel } from '../components/SendStatementPanel';
import { useStory } from '../hooks/useStories';
import { useRemoveStoryTicket, useUpdateStory } from '../hooks/useStoryMutations';
import { HeaderMeta } from '../../../components/HeaderMeta';
import { TicketStatusBadge } from '../../tickets/components/TicketStatusBadge';
import { StoryStatusBadge } from '../components/StoryStatusBadge';
import styles from './StoryPage.module.css';
import { Breadcrumb } from '../../../components/Breadcrumb';

/** One story: its inquiries by deadline, each with its own status, and one statement sent to all. */
export function StoryPage() {
  const { storyId = '' } = useParams();
  const story = useStory(storyId);
  const now = useNow(30_000);

  if (story.isError) {
    return (
      <>
        <title>Story · Newsdesk</title>
        <p>
          <Link to="/stories">Back to the stories</Link>
        </p>
        <ErrorPanel title="This story could not load." error={story.error} onRetry={() => void story.refetch()} />
      </>
    );
  }
  if (!story.data) return <p role="status">Loading the story…</p>;
  const data = story.data;

  return (
    <>
      <title>{`${data.title} · Stories · Newsdesk`}</title>
      <Breadcrumb parentTo="/stories" parentLabel="Stories" current={data.title} />
      <StoryHeader key={data.updatedAt} story={data} now={now} />
      <section className="card" aria-labelledby="story-tickets">
        <h2 id="story-tickets">Inquiries, by deadline</h2>
        <StoryTickets story={data} now={now} />
        {data.status === 'open' && <AddTicketsForm storyId={data.id} />}
      </section>
      {data.status === 'open' && data.tickets.length > 0 && <SendStatementPanel story={data} />}
    </>
  );
}

function StoryHeader({ story, now }: { story: StoryDetailDto; now: number }) {
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
      <div className="page-header">
        <h1>{story.title}</h1>
        <div className="button-row">
          <button type="button" className="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
            Edit details
          </button>
          <button
            type="button"
            className="button"
            disabled={update.isPending}
            onClick={() => update.mutate({ id: story.id, patch: { status: story.status === 'open' ? 'closed' : 'open' } })}
          >
            {story.status === 'open' ? 'Close story' : 'Reopen story'}
          </button>
        </div>
      </div>
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
          <span className="muted">No deadlines set</span>
        )}
      </HeaderMeta>
      {story.summary && <p>{story.summary}</p>}
      {editing && (
        <form className="card form" onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
          <h2 id={`${id}-heading`}>Story details</h2>
          <div className="field">
            <label htmlFor={`${id}-title`}>Title</label>
            <input id={`${id}-title`} value={title} onChange={(event) => setTitle(event.currentTarget.value)} required maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-summary`}>Summary</label>
            <textarea id={`${id}-summary`} rows={3} value={summary} onChange={(event) => setSummary(event.currentTarget.value)} maxLength={5000} />
          </div>
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={update.isPending || !title.trim()}>
              Save
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {update.isError && (
        <p role="alert" className="form-error">
          {describeError(update.error)}
        </p>
      )}
    </header>
  );
}

function StoryTickets({ story, now }: { story: StoryDetailDto; now: number }) {
  const remove = useRemoveStoryTicket();
  if (story.tickets.length === 0) return <p className="empty-state">No inquiries in this story yet.</p>;
  return (
    <>
      {remove.isError && (
        <p role="alert" className="form-error">
          {describeError(remove.error)}
        </p>
      )}
      <div className="table-scroll">
        <table className={`data-table ${styles.storyTickets}`}>
          <caption className="visually-hidden">Inquiries in this story, soonest deadline first</caption>
          <thead>
            <tr>
              <th scope="col">Inquiry</th>
              <th scope="col">Journalist</th>
              <th scope="col">Deadline</th>
              <th scope="col">Status</th>
              <th scope="col">Last statement</th>
              {story.status === 'open' && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {story.tickets.map((ticket) => (
              <tr key={ticket.id}>
                <th scope="row">
                  <Link to={`/tickets/${ticket.reference}`} className="cell-main">
                    {ticket.reference} · {ticket.subject}
                  </Link>
                  <span className="cell-sub">{ticket.assignee ? `Assigned to ${ticket.assignee.name}` : 'Unassigned'}</span>
                </th>
                <td>
                  <span className="cell-main">{ticket.journalist?.name ?? ticket.journalist?.email ?? 'Unknown'}</span>
                  <span className="cell-sub">{ticket.outlet?.name ?? ''}</span>
                </td>
                <td>
                  <DeadlineCountdown deadlineAt={ticket.deadlineAt} now={now} />
                </td>
                <td>
                  <TicketStatusBadge status={ticket.status} />
                </td>
                <td>
                  {ticket.lastStatement ? (
                    <>
                      <span className="cell-main">
                        {ticket.lastStatement.title}, v{ticket.lastStatement.version}
                      </span>
                      <span className="cell-sub">{formatDateTime(ticket.lastStatement.sentAt)}</span>
                    </>
                  ) : (
                    <span className="muted">None yet</span>
                  )}
                </td>
                {story.status === 'open' && (
                  <td>
                    <button
                      type="button"
                      className="button button--link"
                      aria-label={`Remove ${ticket.reference} from the story`}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate({ id: story.id, ticketId: ticket.id })}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
