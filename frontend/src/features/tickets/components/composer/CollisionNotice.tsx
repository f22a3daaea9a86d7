import type { MessageDto } from '@newsdesk/shared';
import { formatDateTime } from '../../../../components/RelativeTime';
import { Notice } from '../../../../components/Notice';
import { Button, ButtonRow } from '../../../../components/Button';

interface CollisionNoticeProps {
  replies: MessageDto[];
  onSendAnyway: () => void;
  onWait: () => void;
}

/** Colleagues replied since the officer opened the inquiry: send anyway, or read the thread first. */
export function CollisionNotice({ replies, onSendAnyway, onWait }: CollisionNoticeProps) {
  return (
    <Notice as="div" tone="warning" role="alert">
      <p>
        {replies.map((reply) => `${reply.author?.name ?? 'A colleague'} replied at ${formatDateTime(reply.createdAt)}`).join('; ')} since you opened this
        inquiry. Read the thread before you send?
      </p>
      <ButtonRow>
        <Button variant="primary" type="button" onClick={onSendAnyway}>
          Send anyway
        </Button>
        <Button type="button" onClick={onWait}>
          Don’t send yet
        </Button>
      </ButtonRow>
    </Notice>
  );
}
