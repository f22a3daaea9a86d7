import { TICKET_STATUS_TRANSITIONS, type TicketStatus } from '@newsdesk/shared';
import { TICKET_OUTCOME_LABELS } from '../../ticket-labels';
import { TICKET_STATUS_LABELS } from '../../ticket-status-labels';
import type { PropertyFieldProps } from './property-save';
import { Muted } from '../../../../components/Muted';
import { Field } from '../../../../components/Field';

interface StatusFieldProps extends PropertyFieldProps {
  closing: boolean;
  onClosingChange: (closing: boolean) => void;
}

/** The status, offering only the allowed next steps; choosing "closed" asks for an outcome first. */
export function StatusField({ id, ticket, save, saving, closing, onClosingChange }: StatusFieldProps) {
  const nextStatuses: readonly TicketStatus[] = TICKET_STATUS_TRANSITIONS[ticket.status];

  function choose(value: string) {
    const status = nextStatuses.find((candidate) => candidate === value);
    if (!status) return;
    if (status === 'closed') onClosingChange(true);
    else save({ status });
  }

  return (
    <>
      <Field>
        <label htmlFor={id}>Status</label>
        <select id={id} value={closing ? 'closed' : ticket.status} onChange={(event) => choose(event.currentTarget.value)} disabled={saving}>
          <option value={ticket.status}>{TICKET_STATUS_LABELS[ticket.status]}</option>
          {nextStatuses.map((status) => (
            <option key={status} value={status}>
              {TICKET_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </Field>
      {ticket.status === 'closed' && ticket.outcome && (
        <Muted as="p">
          Outcome: {TICKET_OUTCOME_LABELS[ticket.outcome]}
          {ticket.outcomeNote ? ` (${ticket.outcome === 'declined' ? 'reason: ' : ''}${ticket.outcomeNote})` : ''}
        </Muted>
      )}
    </>
  );
}
