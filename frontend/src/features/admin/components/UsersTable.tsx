import { USER_ROLES, type UserDto } from '@newsdesk/shared';
import { useId } from 'react';
import { ROLE_LABELS } from '../../users/role-labels';
import { useUpdateUser } from '../hooks/useUserAdmin';
import { FormError } from '../../../components/FormError';
import { VisuallyHidden } from '../../../components/VisuallyHidden';
import { Muted } from '../../../components/Muted';
import { TableScroll, dataTableClass } from '../../../components/DataTable';
import { CheckboxField } from '../../../components/Field';
import { Button } from '../../../components/Button';

interface UsersTableProps {
  users: UserDto[];
  /** The signed-in admin, who can neither change their own role nor deactivate themselves. */
  meId?: string;
  onManage: (userId: string) => void;
}

/** Every staff account with its role, approver right and active switch, changed in place. */
export function UsersTable({ users, meId, onManage }: UsersTableProps) {
  const update = useUpdateUser();
  return (
    <>
      <FormError error={update.error} />
      <TableScroll>
        <table className={dataTableClass}>
          <VisuallyHidden as="caption">Staff accounts</VisuallyHidden>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Approves replies</th>
              <th scope="col">Account</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <th scope="row">{user.name}</th>
                <td>{user.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${user.name}`}
                    value={user.role}
                    disabled={update.isPending || user.id === meId}
                    onChange={(event) => {
                      const role = USER_ROLES.find((r) => r === event.currentTarget.value);
                      if (role) update.mutate({ id: user.id, patch: { role } });
                    }}
                  >
                    {USER_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {ROLE_LABELS[role]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <ApproverSwitch user={user} disabled={update.isPending} onChange={(canApprove) => update.mutate({ id: user.id, patch: { canApprove } })} />
                </td>
                <td>
                  <Button
                    type="button"
                    disabled={update.isPending || user.id === meId}
                    onClick={() => update.mutate({ id: user.id, patch: { active: !user.active } })}
                    aria-label={`${user.active ? 'Deactivate' : 'Reactivate'} ${user.name}`}
                  >
                    {user.active ? 'Deactivate' : 'Reactivate'}
                  </Button>
                  {!user.active && <Muted> inactive</Muted>}{' '}
                  <Button type="button" onClick={() => onManage(user.id)} aria-label={`Sign-ins of ${user.name}`}>
                    Sign-ins
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

/** Managers and admins always approve; a press officer may be given the right. */
function ApproverSwitch({ user, disabled, onChange }: { user: UserDto; disabled: boolean; onChange: (canApprove: boolean) => void }) {
  const id = useId();
  const always = user.role !== 'agent';
  return (
    <CheckboxField>
      <input
        id={id}
        type="checkbox"
        checked={always || user.canApprove}
        disabled={always || disabled}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <label htmlFor={id}>
        <VisuallyHidden>{user.name} </VisuallyHidden>
        {always ? 'Always (by role)' : 'Approver'}
      </label>
    </CheckboxField>
  );
}
