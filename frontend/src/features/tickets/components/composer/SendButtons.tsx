import type { ComposeMode, SendStatus } from './compose-mode';
import { Button, ButtonRow } from '../../../../components/Button';

const SEND_LABELS: Record<SendStatus, string> = {
  '': 'Send',
  pending: 'Send and mark pending',
  resolved: 'Send and mark resolved',
};

interface SendButtonsProps {
  mode: ComposeMode;
  forApproval: boolean;
  scheduling: boolean;
  pending: boolean;
  /** Replies only: nothing to send to, or an upload still running. */
  blocked: boolean;
  onChoose: (status: SendStatus) => void;
}

/** The submit buttons: send (and move the ticket on), schedule, submit for approval, or add the note. */
export function SendButtons({ mode, forApproval, scheduling, pending, blocked, onChoose }: SendButtonsProps) {
  if (mode === 'note') {
    return (
      <ButtonRow>
        <Button variant="primary" type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Add note'}
        </Button>
      </ButtonRow>
    );
  }
  const statuses: readonly SendStatus[] = forApproval ? [''] : ['', 'pending', 'resolved'];
  return (
    <ButtonRow>
      {statuses.map((status) => (
        <button
          key={status || 'send'}
          type="submit"
          onClick={() => onChoose(status)}
          className={status === '' ? 'button button--primary' : 'button'}
          disabled={pending || blocked}
        >
          {pending && status === '' ? 'Sending…' : forApproval ? 'Send for approval' : scheduling && status === '' ? 'Schedule' : SEND_LABELS[status]}
        </button>
      ))}
    </ButtonRow>
  );
}
