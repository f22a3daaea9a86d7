import { USER_ROLES, type UserDto, type UserRole } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../../../api/client';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { readText } from '../../../components/form-values';
import { TextField } from '../../../components/TextField';
import { useSession } from '../../auth/hooks/useSession';
import { useUsers } from '../../users/hooks/useUsers';
import { UserAccessPanel } from '../components/UserAccessPanel';
import { ROLE_LABELS } from '../../users/role-labels';
import { useCreateUser, useUpdateUser } from '../hooks/useUserAdmin';
import { NewPasswordField } from '../../../components/NewPasswordField';

/** Staff accounts and their roles (admins only). */
export function UsersPage() {
  const users = useUsers();
  const update = useUpdateUser();
  const meId = useSession().data?.user.id;
  const [managing, setManaging] = useState<string | null>(null);
  const managed = users.data?.find((user) => user.id === managing);

  return (
    <>
      <title>Users · Newsdesk</title>
      <h1>Users and roles</h1>
      {users.isPending && <p role="status">Loading users…</p>}
      {users.isError && <ErrorPanel title="Users could not load." error={users.error} onRetry={() => void users.refetch()} />}
      {update.isError && (
        <p role="alert" className="form-error">
          {describeError(update.error)}
        </p>
      )}
      {users.data && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Staff accounts</caption>
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
              {users.data.map((user) => (
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
                    <button
                      type="button"
                      className="button"
                      disabled={update.isPending || user.id === meId}
                      onClick={() => update.mutate({ id: user.id, patch: { active: !user.active } })}
                      aria-label={`${user.active ? 'Deactivate' : 'Reactivate'} ${user.name}`}
                    >
                      {user.active ? 'Deactivate' : 'Reactivate'}
                    </button>
                    {!user.active && <span className="muted"> inactive</span>}{' '}
                    <button type="button" className="button" onClick={() => setManaging(user.id)} aria-label={`Sign-ins of ${user.name}`}>
                      Sign-ins
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {managed && <UserAccessPanel key={managed.id} user={managed} onClose={() => setManaging(null)} />}
      <NewUserForm />
    </>
  );
}

/** Managers and admins always approve; a press officer may be given the right. */
function ApproverSwitch({ user, disabled, onChange }: { user: UserDto; disabled: boolean; onChange: (canApprove: boolean) => void }) {
  const id = useId();
  const always = user.role !== 'agent';
  return (
    <div className="checkbox-field">
      <input
        id={id}
        type="checkbox"
        checked={always || user.canApprove}
        disabled={always || disabled}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <label htmlFor={id}>
        <span className="visually-hidden">{user.name} </span>
        {always ? 'Always (by role)' : 'Approver'}
      </label>
    </div>
  );
}

function NewUserForm() {
  const id = useId();
  const create = useCreateUser();
  const [role, setRole] = useState<UserRole>('agent');
  const [created, setCreated] = useState<string | null>(null);
  const fieldMessages = (field: string) => (create.error instanceof ApiError ? create.error.fieldMessages(field) : []);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    create.mutate(
      { name: readText(form, 'name'), email: readText(form, 'email'), password: readText(form, 'password'), role },
      {
        onSuccess: (user) => {
          setCreated(`${user.name} can now sign in.`);
          formElement.reset();
        },
      },
    );
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add a user</h2>
      {create.isError && (
        <p role="alert" className="form-error">
          {describeError(create.error)}
        </p>
      )}
      {created && (
        <p role="status" className="notice">
          {created}
        </p>
      )}
      <form className="form form--columns" onSubmit={handleSubmit}>
        <TextField label="Name" name="name" required errors={fieldMessages('name')} />
        <TextField label="Email" name="email" type="email" required errors={fieldMessages('email')} />
        <NewPasswordField label="Initial password" errors={fieldMessages('password')} />
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(event) => setRole(USER_ROLES.find((r) => r === event.currentTarget.value) ?? 'agent')}>
            {USER_ROLES.map((value) => (
              <option key={value} value={value}>
                {ROLE_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            Add user
          </button>
        </div>
      </form>
    </section>
  );
}
