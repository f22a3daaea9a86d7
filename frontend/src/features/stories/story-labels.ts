import type { StatementSendResult, StoryStatus } from '@newsdesk/shared';

export const STORY_STATUS_LABELS: Record<StoryStatus, string> = {
  open: 'Open',
  closed: 'Closed',
};

export const STATEMENT_RESULT_LABELS: Record<StatementSendResult, string> = {
  queued: 'Sent to the outbox',
  awaiting_approval: 'Awaiting approval',
  skipped: 'Skipped',
  failed: 'Failed',
};
