import type { TicketOutcome, UpdateTicketRequest } from '@newsdesk/shared';
import { useState, type FormEvent, type Ref } from 'react';
import type { TicketChange } from '../../hooks/useUndoTicketChanges';
import type { PropertyFieldProps } from './property-save';
import { OutcomeSelect } from '../OutcomeSelect';
import { Field } from '../../../../components/Field';
import { Button, ButtonRow } from '../../../../components/Button';
import styles from './TicketProperties.module.css';

/** The outcome being chosen; kept by the panel so Cancel and a second try start where the officer left off. */
export function useCloseDraft(initial: TicketOutcome | null | undefined) {
  const [outcome, setOutcome] = useState<TicketOutcome | ''>(initial ?? '');
  const [outcomeNote, setOutcomeNote] = useState('');
  return { outcome, outcomeNote, setOutcome, setOutcomeNote };
}

interface CloseFormProps extends PropertyFieldProps {
  draft: ReturnType<typeof useCloseDraft>;
  onCancel: () => void;
  /** Told once the ticket is closed, with what an Undo must take back. */
  onClosed: (closed: TicketChange) => void;
  outcomeRef?: Ref<HTMLSelectElement>;
}

/** Closes the inquiry with its outcome; declining needs a reason. */
export function CloseForm({ id, ticket, save, saving, draft, onCancel, onClosed, outcomeRef }: CloseFormProps) {
  const { outcome, outcomeNote, setOutcome, setOutcomeNote } = draft;
  const declining = outcome === 'declined';
  const complete = !!outcome && (!declining || !!outcomeNote.trim());

  function close(event: FormEvent) {
    event.preventDefault();
    if (!outcome || !complete) return;
    const before = ticket;
    const change: UpdateTicketRequest = { status: 'closed', outcome, outcomeNote: outcomeNote.trim() || undefined };
    save(change, (after) => onClosed({ before, change, after }));
  }

  return (
    <form className={styles.closeForm} onSubmit={close} aria-label="Close the inquiry">
      <Field>
        <label htmlFor={`${id}-outcome`}>Outcome</label>
        <OutcomeSelect id={`${id}-outcome`} selectRef={outcomeRef} value={outcome} onChange={setOutcome} />
      </Field>
      <Field>
        <label htmlFor={`${id}-outcome-note`}>{declining ? 'Reason for declining' : 'Note on the outcome (optional)'}</label>
        <input id={`${id}-outcome-note`} value={outcomeNote} onChange={(event) => setOutcomeNote(event.currentTarget.value)} maxLength={2000} required={declining} />
      </Field>
      <ButtonRow>
        <Button variant="primary" type="submit" disabled={!complete || saving}>
          Close inquiry
        </Button>
        <Button type="button" onClick={onCancel}>
          Cancel
        </Button>
      </ButtonRow>
    </form>
  );
}
