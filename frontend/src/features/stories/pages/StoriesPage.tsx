import { STORY_STATUSES, type StoryStatus } from '@newsdesk/shared';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { RelativeTime } from '../../../components/RelativeTime';
import { useNow } from '../../../hooks/useNow';
import { DeadlineCountdown } from '../../tickets/components/DeadlineCountdown';
import { NewStoryForm } from '../components/NewStoryForm';
import { SuggestedGroups } from '../components/SuggestedGroups';
import { useStoryList } from '../hooks/useStories';
import { LoadMore } from '../../../components/LoadMore';
import { CellMain, CellSub, QueryTable } from '../../../components/DataTable';
import { SearchForm, useSearchText } from '../../../components/SearchForm';
import { StoryStatusBadge } from '../components/StoryStatusBadge';
import { Field } from '../../../components/Field';

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
  const { q, draft, setDraft, submit } = useSearchText();
  const list = useStoryList({ status, q: q || undefined });
  const stories = list.data?.pages.flatMap((page) => page.items) ?? [];

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
      <SearchForm label="Find stories" placeholder="Part of the title" value={draft} onChange={setDraft} onSubmit={submit}>
      <Field>
        <label htmlFor={`${id}-status`}>Show</label>
        <select id={`${id}-status`} value={status ?? 'all'} onChange={(event) => chooseStatus(event.currentTarget.value)}>
          <option value="open">Open stories</option>
          <option value="closed">Closed stories</option>
          <option value="all">All stories</option>
        </select>
      </Field>
      </SearchForm>
      <QueryTable
        query={list}
        rows={stories.length}
        loading="Loading stories…"
        failed="Stories could not load."
        empty={<>No stories{q ? ' match this search' : ' yet'}.</>}
        caption="Stories"
        headers={['Story', 'Inquiries', 'Earliest deadline', 'Status', 'Updated']}
        className="stories-table"
      >
        {stories.map((story) => (
          <tr key={story.id}>
            <th scope="row">
              <CellMain as={Link} to={`/stories/${story.id}`}>
                {story.title}
              </CellMain>
              {story.summary && <CellSub>{story.summary}</CellSub>}
            </th>
            <td>
              <CellMain>{story.openTicketCount} open</CellMain>
              <CellSub>of {story.ticketCount}</CellSub>
            </td>
            <td>
              <DeadlineCountdown deadlineAt={story.earliestDeadlineAt} now={now} />
            </td>
            <td>
              <StoryStatusBadge status={story.status} />
            </td>
            <td>
              <RelativeTime at={story.updatedAt} now={now} />
            </td>
          </tr>
        ))}
      </QueryTable>
      <LoadMore pages={list} />
      <SuggestedGroups now={now} />
      <NewStoryForm />
    </>
  );
}
