import { FormError } from './FormError';
import { Notice } from './Notice';
import { Button } from './Button';

/** What the footer needs from a mutation (TanStack Query's useMutation result). */
export interface SaveState {
  isError: boolean;
  error: unknown;
  isSuccess: boolean;
  isPending: boolean;
}

/** The end of an edit form: why the save failed, "Saved." once it has, and the submit button (off while saving). */
export function SaveFooter({ save, label = 'Save' }: { save: SaveState; label?: string }) {
  return (
    <>
      <FormError error={save.error} />
      {save.isSuccess && !save.isPending && (
        <Notice role="status">
          Saved.
        </Notice>
      )}
      <div>
        <Button variant="primary" type="submit" disabled={save.isPending}>
          {label}
        </Button>
      </div>
    </>
  );
}
