import { REQUEST_TYPES, TICKET_PRIORITIES } from '@newsdesk/shared';
import { SelectField } from '../../../../components/SelectField';
import { REQUEST_TYPE_NAMES, TICKET_PRIORITY_LABELS } from '../../ticket-labels';
import type { PropertyFieldProps } from './property-save';

/** How urgent the inquiry is. */
export function PriorityField({ id, ticket, save, saving }: PropertyFieldProps) {
  return (
    <SelectField
      id={id}
      label="Priority"
      value={ticket.priority}
      values={TICKET_PRIORITIES}
      optionLabel={(priority) => TICKET_PRIORITY_LABELS[priority]}
      onChange={(priority) => priority && save({ priority })}
      disabled={saving}
    />
  );
}

/** What the journalist asks for: a statement, an interview, data… */
export function RequestTypeField({ id, ticket, save, saving }: PropertyFieldProps) {
  return (
    <SelectField
      id={id}
      label="Request type"
      value={ticket.requestType}
      values={REQUEST_TYPES}
      optionLabel={(type) => REQUEST_TYPE_NAMES[type]}
      onChange={(requestType) => requestType && save({ requestType })}
      disabled={saving}
    />
  );
}
