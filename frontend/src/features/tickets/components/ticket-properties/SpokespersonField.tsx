import type { UserDto } from '@newsdesk/shared';
import type { PropertyFieldProps } from './property-save';
import { Field, FieldHint } from '../../../../components/Field';

/** Who spoke for the organisation; a former colleague stays listed while recorded. */
export function SpokespersonField({ id, ticket, save, saving, users }: PropertyFieldProps & { users: UserDto[] }) {
  return (
    <Field>
      <label htmlFor={id}>Spokesperson</label>
      <select
        id={id}
        value={ticket.spokesperson?.id ?? ''}
        onChange={(event) => save({ spokespersonId: event.currentTarget.value || null })}
        disabled={saving}
        aria-describedby={`${id}-hint`}
      >
        <option value="">None recorded</option>
        {ticket.spokesperson && !users.some((user) => user.id === ticket.spokesperson?.id) && <option value={ticket.spokesperson.id}>{ticket.spokesperson.name}</option>}
        {users
          .filter((user) => user.active || user.id === ticket.spokesperson?.id)
          .map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
      </select>
      <FieldHint id={`${id}-hint`}>
        Who spoke for the organisation, if not the assignee.
      </FieldHint>
    </Field>
  );
}
