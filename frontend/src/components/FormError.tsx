import { describeError } from '../api/client';

/** Why the last attempt failed (a mutation's error), announced when it appears; nothing when there is none. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="form-error">
      {describeError(error)}
    </p>
  );
}
