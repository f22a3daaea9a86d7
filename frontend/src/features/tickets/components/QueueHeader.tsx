import { Link } from 'react-router';
import { SavedViews } from './SavedViews';
import { PageHeader } from '../../../components/Page';
import styles from './QueueHeader.module.css';

interface QueueHeaderProps {
  /** Saved views belong to the signed-in user; none before the session is known. */
  userId?: string;
  /** The filters as they stand, for saving them as a view. */
  currentSearch: string;
}

/** The queue's title, the two ways to start an inquiry by hand, and the saved views. */
export function QueueHeader({ userId, currentSearch }: QueueHeaderProps) {
  return (
    <PageHeader>
      <h1>Queue</h1>
      <div className={`button-row ${styles.queueActions}`}>
        <Link to="/tickets/new/inquiry" className="button">
          Log a call
        </Link>
        <Link to="/tickets/new/email" className="button">
          New email
        </Link>
      </div>
      {userId && <SavedViews userId={userId} currentSearch={currentSearch} />}
    </PageHeader>
  );
}
