import { useEffect, useState } from 'react';
import { Toast, ToastRegion } from '../../../components/UndoToast';
import { Button } from '../../../components/Button';

interface SendUndoToastProps {
  /** When the outbox may send the reply (end of the undo window). */
  dueAt: string;
  onUndo: () => void;
  /** Called once the window has passed: the reply is on its way and can no longer be undone. */
  onExpire: () => void;
  undoing: boolean;
  /** The clock, injectable for tests. */
  now?: () => number;
}

/** "Sending in 10 s — Undo" while the reply waits in the outbox; looks like every other toast (components/UndoToast). */
export function SendUndoToast({ dueAt, onUndo, onExpire, undoing, now = Date.now }: SendUndoToastProps) {
  const due = Date.parse(dueAt);
  const [left, setLeft] = useState(() => Math.max(0, Math.ceil((due - now()) / 1000)));

  useEffect(() => {
    const timer = setInterval(() => {
      const seconds = Math.max(0, Math.ceil((due - now()) / 1000));
      setLeft(seconds);
      if (seconds === 0) {
        clearInterval(timer);
        onExpire();
      }
    }, 250);
    return () => clearInterval(timer);
  }, [due, now, onExpire]);

  return (
    <ToastRegion>
      <Toast message={undoing ? 'Cancelling…' : `Sending in ${left} s`}>
        <Button type="button" onClick={onUndo} disabled={undoing || left === 0}>
          Undo
        </Button>
      </Toast>
    </ToastRegion>
  );
}
