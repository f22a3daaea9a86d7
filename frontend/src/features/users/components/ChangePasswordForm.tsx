import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../../api/client';
import { TextField } from '../../../components/TextField';
import { useChangePassword } from '../hooks/useUserAccess';
import { NewPasswordField } from '../../../components/NewPasswordField';
import { FormError } from '../../../components/FormError';
import { Notice } from '../../../components/Notice';
import { Card } from '../../../components/Card';
import { Form } from '../../../components/Form';
import { Button } from '../../../components/Button';

/** Your own password: the current one, then a new one the server judges (its reasons are shown under the field). */
export function ChangePasswordForm() {
  const id = useId();
  const change = useChangePassword();
  const [done, setDone] = useState<string | null>(null);
  const fieldMessages = (field: string) => (change.error instanceof ApiError ? change.error.fieldMessages(field) : []);
  const shownInFields = fieldMessages('currentPassword').length + fieldMessages('newPassword').length > 0;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setDone(null);
    change.mutate(
      { currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') },
      {
        onSuccess: ({ sessionsEnded }) => {
          setDone(sessionsEnded ? `Password changed. ${sessionsEnded} other session${sessionsEnded === 1 ? ' was' : 's were'} signed out.` : 'Password changed.');
          formElement.reset();
        },
      },
    );
  }

  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Password</h2>
      <Form onSubmit={handleSubmit}>
        <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={fieldMessages('currentPassword')} />
        <NewPasswordField name="newPassword" errors={fieldMessages('newPassword')} />
        {!shownInFields && <FormError error={change.error} />}
        {done && (
          <Notice role="status">
            {done}
          </Notice>
        )}
        <div>
          <Button variant="primary" type="submit" disabled={change.isPending}>
            Change password
          </Button>
        </div>
      </Form>
    </Card>
  );
}
