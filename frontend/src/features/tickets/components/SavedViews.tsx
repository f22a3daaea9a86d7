import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useSavedViews } from '../saved-views';
import { VisuallyHidden } from '../../../components/VisuallyHidden';
import { Field } from '../../../components/Field';
import { Button } from '../../../components/Button';
import styles from './SavedViews.module.css';

interface SavedViewsProps {
  userId: string;
  /** The current queue address (search string without `?`). */
  currentSearch: string;
}

/** Named queue filters, kept per user in this browser's storage. */
export function SavedViews({ userId, currentSearch }: SavedViewsProps) {
  const id = useId();
  const navigate = useNavigate();
  const { views, save, remove } = useSavedViews(userId);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const current = views.find((view) => view.search === currentSearch);

  function handleSave(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    save({ name: trimmed, search: currentSearch });
    setName('');
    setNaming(false);
  }

  return (
    <div className={styles.savedViews}>
      <Field>
        <label htmlFor={`${id}-view`}>Saved view</label>
        <select
          id={`${id}-view`}
          value={current?.name ?? ''}
          onChange={(event) => {
            const view = views.find((v) => v.name === event.currentTarget.value);
            void navigate(view ? `/?${view.search}` : '/');
          }}
        >
          <option value="">{current ? 'Default queue' : views.length ? 'Choose a view…' : 'No saved views yet'}</option>
          {views.map((view) => (
            <option key={view.name} value={view.name}>
              {view.name}
            </option>
          ))}
        </select>
      </Field>
      {current ? (
        <Button variant="link" type="button" onClick={() => remove(current.name)}>
          Delete “{current.name}”
        </Button>
      ) : naming ? (
        <form className={styles.savedViewsForm} onSubmit={handleSave}>
          <VisuallyHidden as="label" htmlFor={`${id}-name`}>
            Name of the view
          </VisuallyHidden>
          <input id={`${id}-name`} value={name} onChange={(event) => setName(event.currentTarget.value)} placeholder="Name of the view" maxLength={60} autoFocus />
          <Button type="submit">
            Save
          </Button>
          <Button variant="link" type="button" onClick={() => setNaming(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <Button variant="link" type="button" onClick={() => setNaming(true)}>
          Save this view
        </Button>
      )}
    </div>
  );
}
