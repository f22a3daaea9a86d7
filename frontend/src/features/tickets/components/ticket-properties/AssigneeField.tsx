import type { UserDto } from '@newsdesk/shared';
import type { PropertyFieldProps } from './property-save';
import { Field } from '../../../../components/Field';
import { Button } from '../../../../components/Button';
import styles from './TicketProperties.module.css';

/** Who handles the inquiry, with a shortcut to take it. */
export function AssigneeField({ id, ticket, save, saving, users, meId }: PropertyFieldProps & { users: UserDto[]; meId: string }) {
  return (
    <Field>
      <label htmlFor={id}>Assignee</label>
      <div className={styles.inlineField}>
        <select id={id} value={ticket.assignee?.id ?? ''} onChange={(event) => save({ assigneeId: event.currentTarget.value || null })} disabled={saving}>
          <option value="">Unassigned</option>
          {users
            .filter((user) => user.active || user.id === ticket.assignee?.id)
            .map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
                {user.id === meId ? ' (me)' : ''}
              </option>
            ))}
        </select>
        {ticket.assignee?.id !== meId && (
          <Button type="button" onClick={() => save({ assigneeId: meId })} disabled={saving}>
            Assign to me
          </Button>
        )}
      </div>
    </Field>
  );
}
