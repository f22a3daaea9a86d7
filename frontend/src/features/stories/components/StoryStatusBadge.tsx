import type { StoryStatus } from '@newsdesk/shared';
import { STORY_STATUS_LABELS } from '../story-labels';

const TONES: Record<StoryStatus, string> = { open: 'badge--success', closed: 'badge--muted' };

/** A story's status as a badge: open in green, closed muted. */
export function StoryStatusBadge({ status }: { status: StoryStatus }) {
  return <span className={`badge ${TONES[status]}`}>{STORY_STATUS_LABELS[status]}</span>;
}
