import { Link, useParams } from 'react-router';
import { Breadcrumb } from '../../../components/Breadcrumb';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useNow } from '../../../hooks/useNow';
import { AddTicketsForm } from '../components/AddTicketsForm';
import { SendStatementPanel } from '../components/SendStatementPanel';
import { StoryHeader } from '../components/StoryHeader';
import { StoryTickets } from '../components/StoryTickets';
import { useStory } from '../hooks/useStories';
import { Card } from '../../../components/Card';

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
      <Card aria-labelledby="story-tickets">
        <h2 id="story-tickets">Inquiries, by deadline</h2>
        <StoryTickets story={data} now={now} />
        {data.status === 'open' && <AddTicketsForm storyId={data.id} />}
      </Card>
      {data.status === 'open' && data.tickets.length > 0 && <SendStatementPanel story={data} />}
    </>
  );
}
