import type { PresenceViewerDto } from '@newsdesk/shared';
import styles from './PresenceList.module.css';

/** "Sam is replying", "Ana is viewing": everyone but me who has this ticket open. */
export function PresenceList({ viewers, meId }: { viewers: PresenceViewerDto[]; meId: string }) {
  const others = viewers.filter((viewer) => viewer.userId !== meId);
  return (
    <div className={styles.presence} role="status" aria-live="polite">
      {others.map((viewer) => (
        <span key={viewer.userId} className={`${styles.presenceViewer} ${styles[`presence__viewer--${viewer.state}`] ?? ''}`}>
          {viewer.name} is {viewer.state}
        </span>
      ))}
    </div>
  );
}
