import { SavedViews } from './SavedViews';
import { PageHeader } from '../../../components/Page';
import { ButtonLink, ButtonRow } from '../../../components/Button';
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
      <ButtonRow className={styles.queueActions}>
        <ButtonLink to="/tickets/new/inquiry">
          Log a call
        </ButtonLink>
        <ButtonLink to="/tickets/new/email">
          New email
        </ButtonLink>
      </ButtonRow>
      {userId && <SavedViews userId={userId} currentSearch={currentSearch} />}
    </PageHeader>
  );
}
