import { REQUEST_TYPES, TICKET_PRIORITIES } from '@newsdesk/shared';
import { REQUEST_TYPE_NAMES, TICKET_PRIORITY_LABELS } from '../../ticket-labels';
import type { PropertyFieldProps } from './property-save';

/** How urgent the inquiry is. */
export function PriorityField({ id, ticket, save, saving }: PropertyFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>Priority</label>
      <select
        id={id}
        value={ticket.priority}
        onChange={(event) => {
          const priority = TICKET_PRIORITIES.find((p) => p === event.currentTarget.value);
          if (priority) save({ priority });
        }}
        disabled={saving}
      >
        {TICKET_PRIORITIES.map((priority) => (
          <option key={priority} value={priority}>
            {TICKET_PRIORITY_LABELS[priority]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** What the journalist asks for: a statement, an interview, data… */
export function RequestTypeField({ id, ticket, save, saving }: PropertyFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>Request type</label>
      <select
        id={id}
        value={ticket.requestType}
        onChange={(event) => {
          const requestType = REQUEST_TYPES.find((type) => type === event.currentTarget.value);
          if (requestType) save({ requestType });
        }}
        disabled={saving}
      >
        {REQUEST_TYPES.map((type) => (
          <option key={type} value={type}>
            {REQUEST_TYPE_NAMES[type]}
          </option>
        ))}
      </select>
    </div>
  );
}
