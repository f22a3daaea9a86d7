import type { StoryStatus } from '@newsdesk/shared';
import { STORY_STATUS_LABELS } from '../story-labels';
import { Badge, type BadgeTone } from '../../../components/Badge';

const TONES: Record<StoryStatus, BadgeTone> = { open: 'success', closed: 'muted' };

/** A story's status as a badge: open in green, closed muted. */
export function StoryStatusBadge({ status }: { status: StoryStatus }) {
  return <Badge tone={TONES[status]}>{STORY_STATUS_LABELS[status]}</Badge>;
}
