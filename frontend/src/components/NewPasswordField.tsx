import { TextField } from './TextField';

/** The server's password policy as the browser can know it (backend/src/users/password-policy.ts decides). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
export const NEW_PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters, nothing easy to guess; a few unrelated words work well.`;

/** A field for choosing a password: one set of limits and one hint everywhere a password is set. */
export function NewPasswordField({ label = 'New password', name = 'password', errors }: { label?: string; name?: string; errors?: string[] }) {
  return (
    <TextField
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      minLength={PASSWORD_MIN_LENGTH}
      maxLength={PASSWORD_MAX_LENGTH}
      required
      hint={NEW_PASSWORD_HINT}
      errors={errors}
    />
  );
}
