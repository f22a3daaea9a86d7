import { TICKET_OUTCOMES, type TicketOutcome } from '@newsdesk/shared';
import type { Ref } from 'react';
import { TICKET_OUTCOME_LABELS } from '../ticket-labels';

interface OutcomeSelectProps {
  id: string;
  selectRef?: Ref<HTMLSelectElement>;
  value: TicketOutcome | '';
  onChange: (outcome: TicketOutcome | '') => void;
}

/** The outcome a closed inquiry must have (ticket panel, bulk close); nothing chosen at first. */
export function OutcomeSelect({ id, selectRef, value, onChange }: OutcomeSelectProps) {
  return (
    <select id={id} ref={selectRef} value={value} required onChange={(event) => onChange(TICKET_OUTCOMES.find((o) => o === event.currentTarget.value) ?? '')}>
      <option value="">Choose…</option>
      {TICKET_OUTCOMES.map((outcome) => (
        <option key={outcome} value={outcome}>
          {TICKET_OUTCOME_LABELS[outcome]}
        </option>
      ))}
    </select>
  );
}
