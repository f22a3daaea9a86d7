import type { TicketOutcome, TicketQueueItemDto, UserDto } from '@newsdesk/shared';
import { useId, useState, type FormEvent, type Ref } from 'react';
import { useBulkUpdateTickets, type BulkResult } from '../hooks/useBulkUpdateTickets';
import { FormError } from '../../../components/FormError';
import { OutcomeSelect } from './OutcomeSelect';
import { Notice } from '../../../components/Notice';
import { Button } from '../../../components/Button';
import styles from './BulkActions.module.css';

interface BulkActionsProps {
  tickets: TicketQueueItemDto[];
  users: UserDto[];
  meId: string;
  onClear: () => void;
  outcomeRef?: Ref<HTMLSelectElement>;
  /** Told what was done (e.g. "2 inquiries closed."), with what an Undo must take back. */
  onDone?: (summary: string, result: BulkResult) => void;
}

/** Assign, close or tag every selected inquiry at once. */
export function BulkActions({ tickets, users, meId, onClear, outcomeRef, onDone }: BulkActionsProps) {
  const id = useId();
  const bulk = useBulkUpdateTickets();
  const [assignee, setAssignee] = useState(meId);
  const [outcome, setOutcome] = useState<TicketOutcome | ''>('');
  const [tag, setTag] = useState('');
  const [result, setResult] = useState<{ action: string; result: BulkResult } | null>(null);
  const count = tickets.length;

  function run(action: string, patch: Parameters<typeof bulk.mutate>[0]['patch']) {
    setResult(null);
    bulk.mutate(
      { tickets, patch },
      {
        onSuccess: (outcomeOfRun) => {
          setResult({ action, result: outcomeOfRun });
          if (outcomeOfRun.updated > 0) onDone?.(bulkSummary(action, outcomeOfRun), outcomeOfRun);
          if (outcomeOfRun.failed.length === 0) onClear();
        },
      },
    );
  }

  const submit = (handler: () => void) => (event: FormEvent) => {
    event.preventDefault();
    handler();
  };

  return (
    <section className={styles.bulkActions} aria-label="Bulk actions">
      <p className={styles.bulkActionsCount} role="status">
        {count} selected
      </p>
      <form className={styles.bulkActionsForm} onSubmit={submit(() => run('assigned', () => ({ assigneeId: assignee || null })))}>
        <label htmlFor={`${id}-assignee`}>Assign to</label>
        <select id={`${id}-assignee`} value={assignee} onChange={(event) => setAssignee(event.currentTarget.value)}>
          <option value={meId}>Me</option>
          <option value="">Nobody (unassign)</option>
          {users
            .filter((user) => user.active && user.id !== meId)
            .map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
        </select>
        <Button type="submit" disabled={bulk.isPending}>
          Assign
        </Button>
      </form>
      <form
        className={styles.bulkActionsForm}
        onSubmit={submit(() => outcome && run('closed', () => ({ status: 'closed', outcome })))}
      >
        <label htmlFor={`${id}-outcome`}>Close with outcome</label>
        <OutcomeSelect id={`${id}-outcome`} selectRef={outcomeRef} value={outcome} onChange={setOutcome} />
        <Button type="submit" disabled={bulk.isPending || !outcome}>
          Close
        </Button>
      </form>
      <form
        className={styles.bulkActionsForm}
        onSubmit={submit(() => {
          const value = tag.trim().toLowerCase();
          if (!value) return;
          run('tagged', (ticket) => ({ tags: [...new Set([...ticket.tags, value])] }));
          setTag('');
        })}
      >
        <label htmlFor={`${id}-tag`}>Add tag</label>
        <input id={`${id}-tag`} value={tag} onChange={(event) => setTag(event.currentTarget.value)} maxLength={64} />
        <Button type="submit" disabled={bulk.isPending || !tag.trim()}>
          Tag
        </Button>
      </form>
      <Button variant="link" type="button" onClick={onClear}>
        Clear selection
      </Button>
      {bulk.isPending && <p role="status">Updating {count} inquiries…</p>}
      <FormError error={bulk.error} />
      {result && (
        <Notice role={result.result.failed.length ? 'alert' : 'status'} tone={result.result.failed.length ? 'error' : 'info'} className={styles.result}>
          {result.result.updated} {result.action}.
          {result.result.failed.length > 0 &&
            ` Not changed: ${result.result.failed.map((failure) => `${failure.reference} (${failure.message})`).join('; ')}`}
        </Notice>
      )}
    </section>
  );
}

/** "ND-1004 closed." for one inquiry, "3 inquiries closed." for more. */
function bulkSummary(action: string, result: BulkResult): string {
  const [only] = result.changes;
  return result.updated === 1 && only ? `${only.before.reference} ${action}.` : `${result.updated} inquiries ${action}.`;
}
