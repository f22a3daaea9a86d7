import type { TicketDetailDto } from '@newsdesk/shared';
import { useId } from 'react';
import { Link } from 'react-router';
import { isForbidden } from '../../../api/client';
import { formatDateTime } from '../../../components/RelativeTime';
import { useJournalist } from '../../contacts/hooks/useJournalist';
import { PREFERRED_CONTACT_SENTENCES } from '../../contacts/preferred-contact';
import { TICKET_STATUS_LABELS } from '../ticket-status-labels';
import { LinkList } from '../../../components/LinkList';
import { Muted } from '../../../components/Muted';
import styles from './ContactPanel.module.css';
import { SidePanel } from '../../../components/SidePanel';

/** Who is asking, for which outlet, and what they asked before. */
export function ContactPanel({ ticket }: { ticket: TicketDetailDto }) {
  const id = useId();
  const journalist = useJournalist(ticket.journalist?.id);
  const earlier = (journalist.data?.inquiries ?? []).filter((other) => other.id !== ticket.id).slice(0, 10);

  return (
    <SidePanel id={id} title="Journalist">
      {ticket.journalist ? (
        <>
          <p className={styles.contactName}>
            <Link to={`/contacts/journalists/${ticket.journalist.id}`}>{ticket.journalist.name ?? ticket.journalist.email ?? 'Unnamed journalist'}</Link>
          </p>
          {ticket.journalist.email && (
            <p>
              <a href={`mailto:${ticket.journalist.email}`}>{ticket.journalist.email}</a>
            </p>
          )}
          {journalist.data?.phone && <p>{journalist.data.phone}</p>}
          {journalist.data?.beat && <Muted as="p">Beat: {journalist.data.beat}</Muted>}
          {journalist.data?.preferredContact && <p>{PREFERRED_CONTACT_SENTENCES[journalist.data.preferredContact]}</p>}
          {journalist.data?.relationshipOwner && <p>Relationship owner: {journalist.data.relationshipOwner.name}</p>}
        </>
      ) : (
        <Muted as="p">No journalist recorded.</Muted>
      )}
      <h3 className={styles.sidePanelSubheading}>Outlet</h3>
      {ticket.outlet ? (
        <p>
          <Link to={`/contacts/outlets/${ticket.outlet.id}`}>{ticket.outlet.name}</Link>
        </p>
      ) : (
        <Muted as="p">Unknown outlet</Muted>
      )}
      {ticket.journalist && (
        <>
          <h3 className={styles.sidePanelSubheading}>Earlier inquiries</h3>
          {journalist.isPending && <Muted as="p">Loading…</Muted>}
          {journalist.isError && (
            <Muted as="p">{isForbidden(journalist.error) ? 'You may not see this history.' : 'The history could not load.'}</Muted>
          )}
          {journalist.isSuccess && earlier.length === 0 && <Muted as="p">None before this one.</Muted>}
          {earlier.length > 0 && (
            <LinkList>
              {earlier.map((other) => (
                <li key={other.id}>
                  <Link to={`/tickets/${other.reference}`}>
                    {other.reference} · {other.subject}
                  </Link>
                  <Muted>
                    {' '}
                    {TICKET_STATUS_LABELS[other.status]}, {formatDateTime(other.createdAt)}
                  </Muted>
                </li>
              ))}
            </LinkList>
          )}
        </>
      )}
    </SidePanel>
  );
}
