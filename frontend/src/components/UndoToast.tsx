import { useEffect, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import { Button } from './Button';
import styles from './UndoToast.module.css';

/** What a toast says and how to take it back; `onUndo` absent means a plain notice. */
export interface UndoToastContent {
  message: string;
  onUndo?: () => void | Promise<unknown>;
  /** Label of the undo button (default "Undo"). */
  undoLabel?: string;
}

interface UndoToastProps {
  toast: UndoToastContent | null;
  onDismiss: () => void;
  /** How long the toast stays before it goes by itself. */
  durationMs?: number;
}

export const UNDO_TOAST_DURATION_MS = 10_000;

/**
 * A toast that says what just happened, with an Undo button, in a polite live region so screen
 * readers hear it. It stays while the pointer or focus is on it, so the button cannot vanish
 * under a hand about to press it.
 */
export function UndoToast({ toast, onDismiss, durationMs = UNDO_TOAST_DURATION_MS }: UndoToastProps) {
  const [held, setHeld] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const [undoError, setUndoError] = useState<string | null>(null);
  const dismiss = useRef(onDismiss);
  dismiss.current = onDismiss;

  useEffect(() => {
    setUndoing(false);
    setUndoError(null);
  }, [toast]);

  useEffect(() => {
    if (!toast || held || undoing) return;
    const timer = window.setTimeout(() => dismiss.current(), durationMs);
    return () => window.clearTimeout(timer);
  }, [toast, held, undoing, durationMs]);

  const undo = async () => {
    if (!toast?.onUndo) return;
    setUndoing(true);
    try {
      await toast.onUndo();
      dismiss.current();
    } catch (error) {
      setUndoing(false);
      setUndoError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <ToastRegion>
      {toast && (
        <Toast message={toast.message} onMouseEnter={() => setHeld(true)} onMouseLeave={() => setHeld(false)} onFocus={() => setHeld(true)} onBlur={() => setHeld(false)}>
          {undoError && <span className={styles.error}>Undo failed: {undoError}</span>}
          {toast.onUndo && (
            <Button type="button" onClick={() => void undo()} disabled={undoing}>
              {undoing ? 'Undoing…' : (toast.undoLabel ?? 'Undo')}
            </Button>
          )}
          <button type="button" className={`button button--quiet ${styles.close}`} aria-label="Dismiss" onClick={() => dismiss.current()}>
            ×
          </button>
        </Toast>
      )}
    </ToastRegion>
  );
}

/** Where toasts appear: bottom centre, above the page, announced politely. */
export function ToastRegion({ children }: { children?: ReactNode }) {
  return (
    <div className={styles.region} role="status" aria-live="polite">
      {children}
    </div>
  );
}

type HoldHandlers = Pick<HTMLAttributes<HTMLDivElement>, 'onMouseEnter' | 'onMouseLeave' | 'onFocus' | 'onBlur'>;

/** One toast: what happened, then its buttons. Every toast (this one, "Sending in 10 s") looks the same. */
export function Toast({ message, children, ...hold }: { message: ReactNode; children?: ReactNode } & HoldHandlers) {
  return (
    <div className={styles.toast} data-testid="toast" {...hold}>
      <span className={styles.message}>{message}</span>
      {children}
    </div>
  );
}
