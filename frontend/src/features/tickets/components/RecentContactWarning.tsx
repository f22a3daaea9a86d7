import type { TicketDetailDto } from '@newsdesk/shared';
import { Link } from 'react-router';
import { RelativeTime } from '../../../components/RelativeTime';
import { Notice } from '../../../components/Notice';
import styles from './RecentContactWarning.module.css';

interface RecentContactWarningProps {
  contacts: TicketDetailDto['recentContacts'];
  now: number;
}

/** Colleagues lately in touch with the same journalist, so two officers do not answer one reporter. */
export function RecentContactWarning({ contacts, now }: RecentContactWarningProps) {
  if (contacts.length === 0) return null;
  return (
    <Notice as="div" tone="warning" className={styles.recentContacts}>
      <ul aria-label="Recent contact with this journalist">
        {contacts.map((contact) => (
          <li key={`${contact.ticketId}-${contact.officer.id}-${contact.kind}`}>
            {contact.kind === 'replied' ? (
              <>
                <strong>{contact.officer.name}</strong> replied to this journalist on{' '}
                <Link to={`/tickets/${contact.reference}`} title={contact.subject}>
                  {contact.reference}
                </Link>{' '}
                <RelativeTime at={contact.at} now={now} />
              </>
            ) : (
              <>
                <strong>{contact.officer.name}</strong> is handling{' '}
                <Link to={`/tickets/${contact.reference}`} title={contact.subject}>
                  {contact.reference}
                </Link>{' '}
                from this journalist (last activity <RelativeTime at={contact.at} now={now} />)
              </>
            )}
          </li>
        ))}
      </ul>
    </Notice>
  );
}
