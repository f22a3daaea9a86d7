import { USER_ROLES, type UserRole } from '@newsdesk/shared';
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../../api/client';
import { readText } from '../../../components/form-values';
import { NewPasswordField } from '../../../components/NewPasswordField';
import { TextField } from '../../../components/TextField';
import { ROLE_LABELS } from '../../users/role-labels';
import { useCreateUser } from '../hooks/useUserAdmin';
import { FormError } from '../../../components/FormError';
import { Notice } from '../../../components/Notice';
import { Card } from '../../../components/Card';
import { Form } from '../../../components/Form';
import { Field } from '../../../components/Field';
import { Button } from '../../../components/Button';

/** Creates a staff account with a first password and a role. */
export function NewUserForm() {
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
    <Card aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add a user</h2>
      <FormError error={create.error} />
      {created && (
        <Notice role="status">
          {created}
        </Notice>
      )}
      <Form columns onSubmit={handleSubmit}>
        <TextField label="Name" name="name" required errors={fieldMessages('name')} />
        <TextField label="Email" name="email" type="email" required errors={fieldMessages('email')} />
        <NewPasswordField label="Initial password" errors={fieldMessages('password')} />
        <Field>
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(event) => setRole(USER_ROLES.find((r) => r === event.currentTarget.value) ?? 'agent')}>
            {USER_ROLES.map((value) => (
              <option key={value} value={value}>
                {ROLE_LABELS[value]}
              </option>
            ))}
          </select>
        </Field>
        <div>
          <Button variant="primary" type="submit" disabled={create.isPending}>
            Add user
          </Button>
        </div>
      </Form>
    </Card>
  );
}
