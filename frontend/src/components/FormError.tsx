import { describeError } from '../api/client';
import { Notice } from './Notice';

/** Why the last attempt failed (a mutation's error), announced when it appears; nothing when there is none. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Notice tone="error" role="alert">
      {describeError(error)}
    </Notice>
  );
}
