import { useState, type FormEvent } from 'react';
import { formatDateTime } from '../../../../components/RelativeTime';
import { useOfficeTimeZone } from '../../../../hooks/useOfficeTimeZone';
import { formatDeadlineClock } from '../../deadline';
import { fromLocalInput, toLocalInput } from '../../local-datetime';
import type { PropertyFieldProps } from './property-save';
import { Field } from '../../../../components/Field';
import { Button } from '../../../../components/Button';
import styles from './TicketProperties.module.css';

/** The journalist's deadline, edited in local time, with a deadline detected in their mail to confirm. */
export function DeadlineField({ id, ticket, save, saving }: PropertyFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const officeTimeZone = useOfficeTimeZone();
  const value = draft ?? toLocalInput(ticket.deadlineAt);
  const suggestion = ticket.suggestedDeadlineAt && ticket.suggestedDeadlineAt !== ticket.deadlineAt ? ticket.suggestedDeadlineAt : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    save({ deadlineAt: fromLocalInput(value) }, () => setDraft(null));
  }

  return (
    <Field as="form" onSubmit={submit}>
      <label htmlFor={id}>Deadline</label>
      <div className={styles.inlineField}>
        <input id={id} type="datetime-local" value={value} onChange={(event) => setDraft(event.currentTarget.value)} />
        {draft !== null && (
          <Button type="submit" disabled={saving}>
            Save
          </Button>
        )}
      </div>
      {suggestion && (
        <div className={styles.suggestion}>
          <p>
            {ticket.deadlineAt ? 'A later message asks for a new deadline: ' : 'Detected in the inquiry: '}
            <time dateTime={suggestion} title={formatDateTime(suggestion)}>
              {formatDeadlineClock(suggestion, Date.now(), officeTimeZone)} ({officeTimeZone})
            </time>
          </p>
          <Button type="button" onClick={() => save({ deadlineAt: suggestion })} disabled={saving}>
            {ticket.deadlineAt ? 'Use the new deadline' : 'Confirm detected deadline'}
          </Button>
        </div>
      )}
    </Field>
  );
}
