import type { StoryDetailDto } from '@newsdesk/shared';
import { Link } from 'react-router';
import { formatDateTime } from '../../../components/RelativeTime';
import { DeadlineCountdown } from '../../tickets/components/DeadlineCountdown';
import { TicketStatusBadge } from '../../tickets/components/TicketStatusBadge';
import { useRemoveStoryTicket } from '../hooks/useStoryMutations';
import { FormError } from '../../../components/FormError';
import { EmptyState } from '../../../components/EmptyState';
import { VisuallyHidden } from '../../../components/VisuallyHidden';
import { Muted } from '../../../components/Muted';
import { CellMain, CellSub, TableScroll, dataTableClass } from '../../../components/DataTable';
import { Button } from '../../../components/Button';
import styles from './StoryTickets.module.css';

/** The story's inquiries, soonest deadline first, each with its status and the last statement it got. */
export function StoryTickets({ story, now }: { story: StoryDetailDto; now: number }) {
  const remove = useRemoveStoryTicket();
  if (story.tickets.length === 0) return <EmptyState>No inquiries in this story yet.</EmptyState>;
  return (
    <>
      <FormError error={remove.error} />
      <TableScroll>
        <table className={`${dataTableClass} ${styles.storyTickets}`}>
          <VisuallyHidden as="caption">Inquiries in this story, soonest deadline first</VisuallyHidden>
          <thead>
            <tr>
              <th scope="col">Inquiry</th>
              <th scope="col">Journalist</th>
              <th scope="col">Deadline</th>
              <th scope="col">Status</th>
              <th scope="col">Last statement</th>
              {story.status === 'open' && (
                <th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {story.tickets.map((ticket) => (
              <tr key={ticket.id}>
                <th scope="row">
                  <CellMain as={Link} to={`/tickets/${ticket.reference}`}>
                    {ticket.reference} · {ticket.subject}
                  </CellMain>
                  <CellSub>{ticket.assignee ? `Assigned to ${ticket.assignee.name}` : 'Unassigned'}</CellSub>
                </th>
                <td>
                  <CellMain>{ticket.journalist?.name ?? ticket.journalist?.email ?? 'Unknown'}</CellMain>
                  <CellSub>{ticket.outlet?.name ?? ''}</CellSub>
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
                      <CellMain>
                        {ticket.lastStatement.title}, v{ticket.lastStatement.version}
                      </CellMain>
                      <CellSub>{formatDateTime(ticket.lastStatement.sentAt)}</CellSub>
                    </>
                  ) : (
                    <Muted>None yet</Muted>
                  )}
                </td>
                {story.status === 'open' && (
                  <td>
                    <Button variant="link"
                      type="button"
                      aria-label={`Remove ${ticket.reference} from the story`}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate({ id: story.id, ticketId: ticket.id })}
                    >
                      Remove
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
