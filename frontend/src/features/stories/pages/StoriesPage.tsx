import { STORY_STATUSES, type StoryStatus } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { RelativeTime } from '../../../components/RelativeTime';
import { useNow } from '../../../hooks/useNow';
import { DeadlineCountdown } from '../../tickets/components/DeadlineCountdown';
import { NewStoryForm } from '../components/NewStoryForm';
import { SuggestedGroups } from '../components/SuggestedGroups';
import { useStoryList } from '../hooks/useStories';
import { STORY_STATUS_LABELS } from '../story-labels';
import { LoadMore } from '../../../components/LoadMore';

/** `?status=` is open (the default), closed or all. */
function readStatus(value: string | null): StoryStatus | undefined {
  if (value === 'all') return undefined;
  return STORY_STATUSES.find((status) => status === value) ?? 'open';
}

/** Stories: inquiries about the same news, answered together; and the groups that look like one. */
export function StoriesPage() {
  const id = useId();
  const now = useNow(30_000);
  const [params, setParams] = useSearchParams();
  const status = readStatus(params.get('status'));
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const list = useStoryList({ status, q: q || undefined });
  const stories = list.data?.pages.flatMap((page) => page.items) ?? [];

  function handleSearch(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (draft.trim()) next.set('q', draft.trim());
    else next.delete('q');
    setParams(next);
  }

  function chooseStatus(value: string) {
    const next = new URLSearchParams(params);
    if (value === 'open') next.delete('status');
    else next.set('status', value);
    setParams(next);
  }

  return (
    <>
      <title>Stories · Newsdesk</title>
      <h1>Stories</h1>
      <form role="search" className="queue-filters" onSubmit={handleSearch} aria-label="Find stories">
        <div className="field queue-filters__search">
          <label htmlFor={`${id}-q`}>Search</label>
          <input id={`${id}-q`} type="search" value={draft} onChange={(event) => setDraft(event.currentTarget.value)} placeholder="Part of the title" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>Show</label>
          <select id={`${id}-status`} value={status ?? 'all'} onChange={(event) => chooseStatus(event.currentTarget.value)}>
            <option value="open">Open stories</option>
            <option value="closed">Closed stories</option>
            <option value="all">All stories</option>
          </select>
        </div>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {list.isPending && <p role="status">Loading stories…</p>}
      {list.isError && <ErrorPanel title="Stories could not load." error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && stories.length === 0 && <p className="empty-state">No stories{q ? ' match this search' : ' yet'}.</p>}
      {stories.length > 0 && (
        <div className="table-scroll">
          <table className="data-table stories-table">
            <caption className="visually-hidden">Stories</caption>
            <thead>
              <tr>
                <th scope="col">Story</th>
                <th scope="col">Inquiries</th>
                <th scope="col">Earliest deadline</th>
                <th scope="col">Status</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {stories.map((story) => (
                <tr key={story.id}>
                  <th scope="row">
                    <Link to={`/stories/${story.id}`} className="cell-main">
                      {story.title}
                    </Link>
                    {story.summary && <span className="cell-sub">{story.summary}</span>}
                  </th>
                  <td>
                    <span className="cell-main">{story.openTicketCount} open</span>
                    <span className="cell-sub">of {story.ticketCount}</span>
                  </td>
                  <td>
                    <DeadlineCountdown deadlineAt={story.earliestDeadlineAt} now={now} />
                  </td>
                  <td>
                    <span className={`badge badge--story-${story.status}`}>{STORY_STATUS_LABELS[story.status]}</span>
                  </td>
                  <td>
                    <RelativeTime at={story.updatedAt} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pages={list} />
      <SuggestedGroups now={now} />
      <NewStoryForm />
    </>
  );
}
