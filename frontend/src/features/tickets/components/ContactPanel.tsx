import type { TicketDetailDto } from '@newsdesk/shared';
import { useId } from 'react';
import { Link } from 'react-router';
import { isForbidden } from '../../../api/client';
import { formatDateTime } from '../../../components/RelativeTime';
import { useJournalist } from '../../contacts/hooks/useJournalist';
import { PREFERRED_CONTACT_SENTENCES } from '../../contacts/preferred-contact';
import { TICKET_STATUS_LABELS } from '../ticket-status-labels';
import { LinkList } from '../../../components/LinkList';
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
          {journalist.data?.beat && <p className="muted">Beat: {journalist.data.beat}</p>}
          {journalist.data?.preferredContact && <p>{PREFERRED_CONTACT_SENTENCES[journalist.data.preferredContact]}</p>}
          {journalist.data?.relationshipOwner && <p>Relationship owner: {journalist.data.relationshipOwner.name}</p>}
        </>
      ) : (
        <p className="muted">No journalist recorded.</p>
      )}
      <h3 className={styles.sidePanelSubheading}>Outlet</h3>
      {ticket.outlet ? (
        <p>
          <Link to={`/contacts/outlets/${ticket.outlet.id}`}>{ticket.outlet.name}</Link>
        </p>
      ) : (
        <p className="muted">Unknown outlet</p>
      )}
      {ticket.journalist && (
        <>
          <h3 className={styles.sidePanelSubheading}>Earlier inquiries</h3>
          {journalist.isPending && <p className="muted">Loading…</p>}
          {journalist.isError && (
            <p className="muted">{isForbidden(journalist.error) ? 'You may not see this history.' : 'The history could not load.'}</p>
          )}
          {journalist.isSuccess && earlier.length === 0 && <p className="muted">None before this one.</p>}
          {earlier.length > 0 && (
            <LinkList>
              {earlier.map((other) => (
                <li key={other.id}>
                  <Link to={`/tickets/${other.reference}`}>
                    {other.reference} · {other.subject}
                  </Link>
                  <span className="muted">
                    {' '}
                    {TICKET_STATUS_LABELS[other.status]}, {formatDateTime(other.createdAt)}
                  </span>
                </li>
              ))}
            </LinkList>
          )}
        </>
      )}
    </SidePanel>
  );
}
