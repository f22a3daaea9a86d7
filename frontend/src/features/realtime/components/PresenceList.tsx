import type { PresenceViewer } from '../../../api/realtime';

/** "Sam is replying", "Ana is viewing": everyone but me who has this ticket open. */
export function PresenceList({ viewers, meId }: { viewers: PresenceViewer[]; meId: string }) {
  const others = viewers.filter((viewer) => viewer.userId !== meId);
  return (
    <div className="presence" role="status" aria-live="polite">
      {others.map((viewer) => (
        <span key={viewer.userId} className={`presence__viewer presence__viewer--${viewer.state}`}>
          {viewer.name} is {viewer.state}
        </span>
      ))}
    </div>
  );
}
