import { useId } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { DeadlineCountdown } from '../../tickets/components/DeadlineCountdown';
import { useSuggestedStoryGroups } from '../hooks/useStories';
import { useCreateStory } from '../hooks/useStoryMutations';
import { LinkList } from '../../../components/LinkList';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { EmptyState } from '../../../components/EmptyState';
import { Card, CardList, CardTitle } from '../../../components/Card';
import { Button } from '../../../components/Button';
import styles from './SuggestedGroups.module.css';

/** Recent inquiries in no story that read alike, proposed as stories: one click groups them. */
export function SuggestedGroups({ now }: { now: number }) {
  const id = useId();
  const navigate = useNavigate();
  const groups = useSuggestedStoryGroups();
  const create = useCreateStory();

  return (
    <section className={styles.suggestedGroups} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Suggested stories</h2>
      <Muted as="p">Recent inquiries, in no story yet, that read alike.</Muted>
      {groups.isPending && <p role="status">Looking for inquiries about the same news…</p>}
      {groups.isError && <ErrorPanel title="Suggestions could not load." error={groups.error} onRetry={() => void groups.refetch()} />}
      {groups.isSuccess && groups.data.groups.length === 0 && <EmptyState>No groups of similar inquiries right now.</EmptyState>}
      <FormError error={create.error} />
      {groups.data && groups.data.groups.length > 0 && (
        <CardList className={styles.suggestedGroupsList}>
          {groups.data.groups.map((group) => {
            const first = group.tickets[0]?.id ?? group.title;
            return (
              <Card as="li" key={first}>
                <article aria-labelledby={`${id}-${first}`}>
                  <CardTitle as="h3" id={`${id}-${first}`}>
                    {group.title}
                  </CardTitle>
                  <Muted as="p">
                    {group.tickets.length} inquiries · {Math.round(group.score * 100)}% alike
                    {group.earliestDeadlineAt && (
                      <>
                        {' '}
                        · earliest deadline <DeadlineCountdown deadlineAt={group.earliestDeadlineAt} now={now} />
                      </>
                    )}
                  </Muted>
                  <LinkList>
                    {group.tickets.map((ticket) => (
                      <li key={ticket.id}>
                        <Link to={`/tickets/${ticket.reference}`}>
                          {ticket.reference} · {ticket.subject}
                        </Link>
                        <Muted>
                          {' '}
                          {[ticket.journalist?.name ?? ticket.journalist?.email, ticket.outlet?.name].filter(Boolean).join(', ')}
                        </Muted>
                      </li>
                    ))}
                  </LinkList>
                  <Button variant="primary"
                    type="button"
                    aria-label={`Create story from “${group.title}”`}
                    disabled={create.isPending}
                    onClick={() =>
                      create.mutate(
                        { title: group.title, ticketIds: group.tickets.map((ticket) => ticket.id) },
                        { onSuccess: (story) => void navigate(`/stories/${story.id}`) },
                      )
                    }
                  >
                    Create story
                  </Button>
                </article>
              </Card>
            );
          })}
        </CardList>
      )}
    </section>
  );
}
