import type { MessageDto } from '@newsdesk/shared';
import { describeError } from '../../../api/client';
import { useCancelReply } from '../hooks/useCancelReply';
import { formatScheduled } from '../scheduled-send';
import { Notice } from '../../../components/Notice';
import { Button } from '../../../components/Button';
import styles from './ScheduledSend.module.css';

/** A reply the outbox holds until its scheduled time: says when, and can be called off until then. */
export function ScheduledDelivery({ ticketId, message }: { ticketId: string; message: MessageDto }) {
  const cancel = useCancelReply();
  const scheduledFor = message.delivery?.scheduledFor;
  if (!scheduledFor || message.delivery?.status !== 'queued') return null;
  return (
    <Notice as="div" className={`${styles.scheduledSend} ${styles.held}`}>
      <span>
        Scheduled for <time dateTime={scheduledFor}>{formatScheduled(scheduledFor)}</time>
      </span>
      <Button type="button" disabled={cancel.isPending} onClick={() => cancel.mutate({ ticketId, messageId: message.id })}>
        {cancel.isPending ? 'Cancelling…' : 'Cancel scheduled send'}
      </Button>
      {cancel.error && (
        <Notice as="span" tone="error" role="alert" className={styles.held}>
          {describeError(cancel.error)}
        </Notice>
      )}
    </Notice>
  );
}
