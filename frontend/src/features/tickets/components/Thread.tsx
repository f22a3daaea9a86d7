import type { MessageDto, TicketDetailDto, TicketEventDto, UserDto } from '@newsdesk/shared';
import { formatDateTime } from '../../../components/RelativeTime';
import { describeEvent, isThreadEvent } from '../ticket-events';
import { MessageCard } from './MessageCard';
import { Muted } from '../../../components/Muted';
import styles from './Thread.module.css';

type Entry = { kind: 'message'; at: string; message: MessageDto } | { kind: 'event'; at: string; event: TicketEventDto };

/** Messages and changes in the order they happened. */
export function Thread({ ticket, users }: { ticket: TicketDetailDto; users: UserDto[] }) {
  const userName = (id: string) => users.find((user) => user.id === id)?.name;
  const entries: Entry[] = [
    ...ticket.messages.map((message): Entry => ({ kind: 'message', at: message.createdAt, message })),
    ...ticket.events.filter(isThreadEvent).map((event): Entry => ({ kind: 'event', at: event.createdAt, event })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  return (
    <ol className={styles.thread} aria-label="Conversation">
      {entries.map((entry) =>
        entry.kind === 'message' ? (
          <li key={`m-${entry.message.id}`}>
            <MessageCard message={entry.message} ticketId={ticket.id} />
          </li>
        ) : (
          <EventLines key={`e-${entry.event.id}`} event={entry.event} userName={userName} />
        ),
      )}
    </ol>
  );
}

function EventLines({ event, userName }: { event: TicketEventDto; userName: (id: string) => string | undefined }) {
  const lines = describeEvent(event, userName);
  if (!lines.length) return null;
  const actor = event.actor?.name;
  return (
    <li className={styles.threadEvent}>
      <span>
        {actor && <strong>{actor} </strong>}
        {lines.join('; ')}
      </span>{' '}
      <Muted as="time" dateTime={event.createdAt}>
        {formatDateTime(event.createdAt)}
      </Muted>
    </li>
  );
}
